#!/usr/bin/env python3
"""Issue 11: the joint network-hardware front against the network-only front on the fixed hybrid
accelerator, at equal accuracy. Reads the journals of two searches with the same supernet, objectives
(validation top-1 against EDP), NSGA-II settings and budget: configs/search/fmnist_joint.yaml (the
accelerator drawn too, area <= hybrid's) and configs/search/fmnist_edp.yaml (hybrid fixed). For each
accuracy level: the lowest EDP each reached at or above it, the gain, and the chosen accelerator.
Usage: joint_vs_fixed.py [runs/search]   (after scripts/joint_vs_fixed.sh)"""
import csv, json, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else "runs/search"
LEVELS = [0.85, 0.86, 0.87, 0.88, 0.89, 0.90]


def points(run):
    with open(os.path.join(root, run, "journal.jsonl")) as f:
        pts = [json.loads(l) for l in f if l.strip()]
    return [p for p in pts if p["violation"] == 0 and "invalid" not in p]


def best_at(pts, level):
    ok = [p for p in pts if p["accuracy"] >= level - 1e-12]
    return min(ok, key=lambda p: (p["energy_uj"] * p["latency_ms"], p["key"])) if ok else None


joint, fixed = points("fmnist_joint"), points("fmnist_edp")
joint250 = points("fmnist_joint_250mhz") if os.path.exists(os.path.join(root, "fmnist_joint_250mhz", "summary.json")) else []
hv = {r: json.load(open(os.path.join(root, r, "summary.json")))["hypervolume"] for r in ("fmnist_joint", "fmnist_edp")}
if joint250:
    hv["fmnist_joint_250mhz"] = json.load(open(os.path.join(root, "fmnist_joint_250mhz", "summary.json")))["hypervolume"]
print(f"evaluated: joint {len(joint)}, network-only on hybrid {len(fixed)}; hypervolume (top-1 above 0.5, EDP below "
      f"5 uJ*ms): joint {hv['fmnist_joint']:.4f}, joint at 250 MHz {hv.get('fmnist_joint_250mhz', float('nan')):.4f}, "
      f"network-only {hv['fmnist_edp']:.4f}\n")
print("| val top-1 at least | EDP network-only on hybrid (uJ*ms) | EDP joint (uJ*ms) | EDP gain | EDP gain, joint at 250 MHz | "
      "energy, latency (joint vs hybrid) | joint subnet | joint accelerator (area mm2) |")
print("|---:|---:|---:|---:|---:|---|---|---|")
for level in LEVELS:
    f, j = best_at(fixed, level), best_at(joint, level)
    if not f or not j:
        edp = lambda p: "-" if not p else "%.4f" % (p["energy_uj"] * p["latency_ms"])
        print(f"| {level:.2f} | {edp(f)} | {edp(j)} | - | - | - | - | - |")
        continue
    j250 = best_at(joint250, level)
    gain250 = "-" if not j250 else "%.2fx" % (f["energy_uj"] * f["latency_ms"] / (j250["energy_uj"] * j250["latency_ms"]))
    ef, ej = f["energy_uj"] * f["latency_ms"], j["energy_uj"] * j["latency_ms"]
    subnet, hw = j["key"].split(" @ ")
    print(f"| {level:.2f} | {ef:.4f} | {ej:.4f} | {ef / ej:.2f}x | {gain250} | {j['energy_uj']:.2f} vs {f['energy_uj']:.2f} uJ, "
          f"{j['latency_ms'] * 1e3:.1f} vs {f['latency_ms'] * 1e3:.1f} us | `{subnet}` (hybrid: `{f['key']}`) | "
          f"`{hw}` ({j['area_mm2']:.3f}) |")

if joint250:
    print("\nAt hybrid's 250 MHz (fmnist_joint_250mhz):\n")
    print("| val top-1 at least | EDP joint (uJ*ms) | energy, latency | subnet | accelerator (area mm2) |")
    print("|---:|---:|---|---|---|")
    for level in LEVELS:
        j = best_at(joint250, level)
        if j:
            subnet, hw = j["key"].split(" @ ")
            print(f"| {level:.2f} | {j['energy_uj'] * j['latency_ms']:.4f} | {j['energy_uj']:.2f} uJ, {j['latency_ms'] * 1e3:.1f} us | "
                  f"`{subnet}` | `{hw}` ({j['area_mm2']:.3f}) |")
