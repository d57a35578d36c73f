#!/usr/bin/env python3
"""Issue 10 section 8: the hybrid search's accuracy-energy front against the mult-only and mult-free ones.

Reads the journals of three searches with the same supernet, LUT, strategy and budget
(configs/search/<task>_{energy,multonly,multfree}.yaml), and prints: each arm's evaluations, front,
hypervolume (reference point as in the configs: fmnist top-1 0.5 and 33 uJ, freedict BLEU 0 and 200 uJ),
and best validation accuracy (BLEU) under energy limits. With --choose L it writes, for each arm, the arch
YAML of the most accurate subnet at or under L uJ into <out>/<arm>/arch.yaml (what
scripts/hybrid_vs_baselines{,_nlp}.sh fine-tune).
Usage: hybrid_vs_baselines.py <runs/search> [--task fmnist|freedict] [--choose L --out DIR]"""
import argparse
import json
import os
import re

ARMS = [("hybrid", "energy"), ("mult-only", "multonly"), ("mult-free", "multfree")]
# Per task: hypervolume reference (accuracy, energy), energy limits of the table, metric name.
TASKS = {"fmnist": (0.5, 33.0, [7.0, 8.0, 9.0, 10.0, 12.0, 14.0], "val top-1"),
         "freedict": (0.0, 200.0, [50.0, 60.0, 75.0, 100.0, 125.0, 150.0], "val BLEU")}
REF_ACC, REF_UJ = TASKS["fmnist"][:2]


def points(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def front(pts):
    """Non-dominated (max accuracy, min energy), sorted by energy."""
    best, out = -1.0, []
    for p in sorted(pts, key=lambda p: (p["energy_uj"], -p["accuracy"])):
        if p["accuracy"] > best:
            out.append(p)
            best = p["accuracy"]
    return out


def hypervolume(fr):
    """Area dominated by the front inside the reference box (energy < 33 uJ, accuracy > 0.5)."""
    pts = sorted((p for p in fr if p["energy_uj"] < REF_UJ and p["accuracy"] > REF_ACC), key=lambda p: p["energy_uj"])
    hv = 0.0
    for i, p in enumerate(pts):  # along the front accuracy rises with energy: strips up to the next point
        nxt = pts[i + 1]["energy_uj"] if i + 1 < len(pts) else REF_UJ
        hv += (nxt - p["energy_uj"]) * (p["accuracy"] - REF_ACC)
    return hv


def arch_yaml(key):
    if key.startswith("e"):  # NLP: e<enc>d<dec>|block:ffn:heads;...|block:ffn:heads:ende:arbitrary;...
        dims, enc, dec = key.split("|")
        e, d = re.fullmatch(r"e(\d+)d(\d+)", dims).groups()
        out = f"space: freedict\nencoder:\n  embed_dim: {e}\n  layers:\n"
        for l in filter(None, enc.split(";")):
            b, f, h = l.split(":")
            out += f"    - {{block: {b}, ffn_dim: {f}, heads: {h}}}\n"
        out += f"decoder:\n  embed_dim: {d}\n  layers:\n"
        for l in filter(None, dec.split(";")):
            b, f, h, x, a = l.split(":")
            out += f"    - {{block: {b}, ffn_dim: {f}, heads: {h}, ende_heads: {x}, arbitrary_attn: {a}}}\n"
        return out
    stages = re.findall(r"\[([^\]]*)\]", key)
    return "space: fmnist\nstages:\n" + "".join(f"  - [{s}]\n" for s in stages)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs")
    ap.add_argument("--task", default="fmnist", choices=sorted(TASKS))
    ap.add_argument("--choose", type=float)
    ap.add_argument("--out")
    a = ap.parse_args()
    global REF_ACC, REF_UJ
    REF_ACC, REF_UJ, limits, metric = TASKS[a.task]
    print("| arm | evaluated | front size | hypervolume | its front weakly dominated by the hybrid front | " +
          " | ".join(f"best {metric} at <= {l:g} uJ" for l in limits) + " |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(limits))
    hybrid_front = None
    for arm, run in ARMS:
        pts = points(os.path.join(a.runs, f"{a.task}_{run}", "journal.jsonl"))
        fr = front(pts)
        hybrid_front = hybrid_front or fr
        dominated = sum(any(q["energy_uj"] <= p["energy_uj"] and q["accuracy"] >= p["accuracy"] for q in hybrid_front)
                        for p in fr)
        best = []
        for lim in limits:
            ok = [p for p in pts if p["energy_uj"] <= lim]
            best.append(max((p["accuracy"] for p in ok), default=None))
        cells = " | ".join("-" if b is None else f"{b:.3f}" for b in best)
        print(f"| {arm} | {len(pts)} | {len(fr)} | {hypervolume(fr):.4f} | {dominated} of {len(fr)} | {cells} |")
        if a.choose is not None:
            ok = [p for p in pts if p["energy_uj"] <= a.choose]
            pick = max(ok, key=lambda p: (p["accuracy"], -p["energy_uj"]))
            d = os.path.join(a.out, arm)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "arch.yaml"), "w") as f:
                f.write(arch_yaml(pick["key"]))
            with open(os.path.join(d, "chosen.json"), "w") as f:
                json.dump(pick, f, indent=1)
            print(f"  chosen at <= {a.choose:g} uJ: {pick['key']} val {pick['accuracy']:.3f} energy {pick['energy_uj']:.3f} uJ")


if __name__ == "__main__":
    main()
