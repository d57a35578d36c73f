#!/usr/bin/env python3
"""Issue 15: the search result per weight-sharing mode (after scripts/sharing_search.sh's searches).
`choose`: for each search in <root>/<mode>_s<k>, writes limit/arch.yaml and limit/val.txt, the subnet with
the best validation accuracy at or under --limit uJ (from journal.jsonl).
`table`: hypervolume (summary.json) and the best subnet's validation and test accuracy at the limit, as
mean +- std over the seeds per mode (a markdown table)."""
import argparse, json, os, re, statistics
from hybrid_vs_baselines import arch_yaml, points

def runs(root):
    for name in sorted(os.listdir(root)):
        m = re.fullmatch(r"(.+)_s(\d+)", name)
        if m and os.path.isfile(os.path.join(root, name, "summary.json")):
            yield m.group(1), int(m.group(2)), os.path.join(root, name)

def choose(a):
    for mode, seed, d in runs(a.root):
        ok = [p for p in points(os.path.join(d, "journal.jsonl")) if "accuracy" in p and p["energy_uj"] <= a.limit]
        if not ok:
            raise SystemExit(f"{d}: no evaluated subnet at or under {a.limit} uJ")
        best = max(ok, key=lambda p: (p["accuracy"], -p["energy_uj"]))
        os.makedirs(os.path.join(d, "limit"), exist_ok=True)
        with open(os.path.join(d, "limit", "arch.yaml"), "w") as f:
            f.write(arch_yaml(best["key"]))
        with open(os.path.join(d, "limit", "val.txt"), "w") as f:
            f.write(f"{best['key']} {best['accuracy']} {best['energy_uj']}\n")

def ms(v):
    return f"{statistics.mean(v):.4f} ± {statistics.stdev(v):.4f}" if len(v) > 1 else f"{v[0]:.4f}"

def table(a):
    by = {}
    for mode, seed, d in runs(a.root):
        hv = json.load(open(os.path.join(d, "summary.json")))["hypervolume"]
        key, val, uj = open(os.path.join(d, "limit", "val.txt")).read().split()
        test = float(re.search(r"test accuracy ([0-9.]+)", open(os.path.join(d, "limit", "test.txt")).read()).group(1))
        by.setdefault(mode, []).append((seed, hv, float(val), test, key, float(uj)))
    print(f"| mode | seeds | hypervolume | best val top-1 at <= {a.limit:g} uJ | its test top-1 (inherited) |")
    print("|---|---:|---:|---:|---:|")
    for mode, rows in sorted(by.items()):
        print(f"| {mode} | {len(rows)} | {ms([r[1] for r in rows])} | {ms([r[2] for r in rows])} | "
              f"{ms([r[3] for r in rows])} |")
    print("\nChosen subnets:")
    for mode, rows in sorted(by.items()):
        for r in rows:
            print(f"- {mode} s{r[0]}: {r[4]} ({r[5]:.3f} uJ), HV {r[1]:.3f}, val {r[2]:.3f}, test {r[3]:.4f}")

p = argparse.ArgumentParser()
p.add_argument("cmd", choices=["choose", "table"]); p.add_argument("root"); p.add_argument("--limit", type=float, default=8)
a = p.parse_args()
choose(a) if a.cmd == "choose" else table(a)
