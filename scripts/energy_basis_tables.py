#!/usr/bin/env python3
"""Tables of scripts/energy_basis.sh: reads its sim reports, writes networks.csv and per_op.csv into
the same folder and prints the markdown tables of docs/results.md ("Energy basis")."""
import csv
import json
import os
import sys

PARTS = ["mult", "shift", "add", "rf", "array", "sram", "dram", "vector"]


def summary(out, net, hw, basis):
    with open(os.path.join(out, f"{net}_{hw}_{basis}", "summary.json")) as f:
        return json.load(f)


def parts_pj(s):
    d = dict(s["energy_by_op_pj"])
    d.update(s["energy_by_level_pj"])
    return [d.get(p, 0.0) for p in PARTS]


def networks(out):
    rows = []
    for net in ["resnet50", "shiftaddnas_t0"]:
        for hw in ["eyeriss_168", "tpu_32x32", "hybrid"]:
            for basis in ["ref", "grounded"]:
                s = summary(out, net, hw, basis)
                p = parts_pj(s)
                rows.append([net, hw, basis, s["energy_pj"] / 1e9] + [x / 1e9 for x in p] +
                            [sum(p[:3]) / s["energy_pj"]])
    with open(os.path.join(out, "networks.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["network", "hw", "basis", "total_mj"] + [p + "_mj" for p in PARTS] + ["arith_share"])
        w.writerows(rows)
    print("| network | accelerator | basis | total mJ | " + " | ".join(PARTS) + " | arithmetic |")
    print("|---|---|---|---:|" + "---:|" * len(PARTS) + "---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.2f} | " + " | ".join(f"{x:.2f}" for x in r[4:12]) +
              f" | {100 * r[12]:.1f}% |")


def per_op(out):
    rows = []
    for basis in ["ref", "grounded"]:
        base = None
        for pe in ["mult", "shift", "add"]:
            with open(os.path.join(out, f"gemm_{pe}_{basis}.json")) as f:
                j = json.load(f)
            e, ev = j["energy"], j["events"]
            op_pj = sum(e["op_energy_pj"].values()) / ev["pe_ops"]
            total = e["total_energy_pj"] / ev["pe_ops"]
            base = base or total
            rows.append([basis, pe, op_pj, total, 1 - total / base])
    with open(os.path.join(out, "per_op.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["basis", "pe", "op_pj_per_op", "array_pj_per_op", "saving_vs_mult"])
        w.writerows(rows)
    print("\n| basis | PE kind | term + accumulate pJ/op | whole array pJ/op | saving vs mult |")
    print("|---|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.3f} | {r[3]:.3f} | {100 * r[4]:.1f}% |")


def t0_saving(out):
    print("\n| basis | T0 on hybrid mJ | T0, every GEMM on the mult array, mJ | saved by the shift/add sub-arrays |")
    print("|---|---:|---:|---:|")
    for basis in ["ref", "grounded"]:
        h = summary(out, "shiftaddnas_t0", "hybrid", basis)["energy_pj"] / 1e9
        m = summary(out, "shiftaddnas_t0", "hybrid_multonly", basis)["energy_pj"] / 1e9
        print(f"| {basis} | {h:.3f} | {m:.3f} | {100 * (1 - h / m):.2f}% |")


def main():
    out = sys.argv[1]
    networks(out)
    per_op(out)
    t0_saving(out)


if __name__ == "__main__":
    main()
