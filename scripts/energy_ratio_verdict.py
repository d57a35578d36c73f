#!/usr/bin/env python3
"""Issue 12's target, checked: do the ratios between events of the default tech table agree with the
gate-level estimate (scripts/rtl_energy.sh) within 20%? Compares ratios, not absolute energies (the
180 -> 45 nm scaling and the library cancel in a ratio). The gate-level register units have no wire,
so a hop is compared through its register: the table's operand_register / psum_register.
Usage: energy_ratio_verdict.py [out/rtl_energy]   (prints a markdown table)"""
import csv
import os
import sys

TOL = 0.20
RATIOS = [  # (name, numerator event, denominator event); table events from table.csv, gate ones from energies.csv
    ("mult_term : add_term", ("mult", "mult_term"), ("add", "add_term")),
    ("shift_term : add_term", ("shift", "shift_term"), ("add", "add_term")),
    ("mult_term : operand register", ("mult", "mult_term"), ("mult", "operand_register")),
    ("shift_term : operand register", ("shift", "shift_term"), ("shift", "operand_register")),
    ("add_term : operand register", ("add", "add_term"), ("add", "operand_register")),
    ("acc_update : operand register", ("mult", "acc_update"), ("mult", "operand_register")),
    ("psum register : operand register", ("mult", "psum_register"), ("mult", "operand_register")),
]
GATE_EVENT = {"operand_register": "operand_hop", "psum_register": "psum_hop"}  # gate units are registers only


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/rtl_energy"
    table = {(r["array"], r["event"]): float(r["energy_pj"]) for r in csv.DictReader(open(os.path.join(out, "table.csv")))}
    gate = {}
    for r in csv.DictReader(open(os.path.join(out, "energies.csv"))):
        gate[(r["stream"], "zero", r["array"], r["event"])] = float(r["rtl_pj"])
        gate[(r["stream"], "unit", r["array"], r["event"])] = float(r["rtl_pj_unit_delay"])
    cases = [(s, t) for s in ("uniform", "real") for t in ("zero", "unit")]
    print("| ratio | table | " + " | ".join(f"gates {s}, {t} delay (table/gates)" for s, t in cases) + " |")
    print("|---|---:|" + "---:|" * len(cases))
    misses = 0
    for name, (na, ne), (da, de) in RATIOS:
        t = table[(na, ne)] / table[(da, de)]
        cells = []
        for s, tm in cases:
            g = gate[(s, tm, na, GATE_EVENT.get(ne, ne))] / gate[(s, tm, da, GATE_EVENT.get(de, de))]
            ok = abs(t / g - 1) <= TOL
            misses += (s, tm) == ("uniform", "zero") and not ok
            cells.append(f"{g:.2f} ({t / g:.2f}){'' if ok else ' **miss**'}")
        print(f"| {name} | {t:.2f} | " + " | ".join(cells) + " |")
    print(f"\n{misses} of {len(RATIOS)} ratios miss the 20% target against uniform operands, zero delay.")


if __name__ == "__main__":
    main()
