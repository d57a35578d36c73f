#!/usr/bin/env python3
"""Markdown tables from scripts/rtl_energy.sh's output folder (energies.csv, area.csv), as pasted
into docs/validation.md: per-event energies for both streams, the ratios between kinds and between
term and register hop, and the areas.   usage: report_md.py [out/rtl_energy]"""
import csv
import os
import sys


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out/rtl_energy"
    rows = list(csv.DictReader(open(os.path.join(out, "energies.csv"))))
    get = {}
    for r in rows:
        get[(r["stream"], r["array"], r["event"])] = r
    streams = [s for s in ("real", "uniform") if any(r["stream"] == s for r in rows)]
    kinds = [k for k in ("mult", "shift", "add") if any(r["array"] == k for r in rows)]

    print("| array | event | table_pj | " + " | ".join(
        "rtl_pj %s (zero delay / unit delay) | ratio %s" % (s, s) for s in streams) + " |")
    print("|---|---|---:|" + "---:|---:|" * len(streams))
    for k in kinds:
        for ev in ("%s_term" % k, "acc_update", "operand_hop", "psum_hop"):
            cells = []
            tab = "NA"
            for s in streams:
                r = get.get((s, k, ev))
                if not r:
                    cells += ["", ""]
                    continue
                tab = r["table_pj"]
                cells += ["%.4f / %.4f" % (float(r["rtl_pj"]), float(r["rtl_pj_unit_delay"])), r["ratio"]]
            print("| %s | %s | %s | %s |" % (k, ev, tab, " | ".join(cells)))
    print()

    def e(s, k, ev, col="rtl_pj"):
        r = get.get((s, k, ev))
        return float(r[col]) if r else float("nan")

    print("| ratio | " + " | ".join("%s (zero / unit delay)" % s for s in streams) + " | table |")
    print("|---|" + "---:|" * (len(streams) + 1))
    if all(k in kinds for k in ("mult", "shift", "add")):
        def kr(s, col):
            a = e(s, "add", "add_term", col)
            return "%.2f:%.2f:1" % (e(s, "mult", "mult_term", col) / a, e(s, "shift", "shift_term", col) / a)
        t = [get.get((streams[0], k, "%s_term" % k), {}).get("table_pj", "NA") for k in ("mult", "shift", "add")]
        try:
            tr = "%.2f:%.2f:1" % (float(t[0]) / float(t[2]), float(t[1]) / float(t[2]))
        except ValueError:
            tr = "NA"
        print("| term mult:shift:add | %s | %s |" % (" | ".join("%s / %s" % (kr(s, "rtl_pj"), kr(s, "rtl_pj_unit_delay"))
                                                          for s in streams), tr))
    for k in kinds:
        for hop in ("operand_hop", "psum_hop"):
            cells = []
            for s in streams:
                cells.append("%.2f / %.2f" % (e(s, k, "%s_term" % k) / e(s, k, hop),
                                              e(s, k, "%s_term" % k, "rtl_pj_unit_delay") / e(s, k, hop, "rtl_pj_unit_delay")))
            r = get.get((streams[0], k, hop), {})
            rt = get.get((streams[0], k, "%s_term" % k), {})
            try:
                tr = "%.2f" % (float(rt["table_pj"]) / float(r["table_pj"]))
            except (KeyError, ValueError):
                tr = "NA"
            print("| %s_term : %s | %s | %s |" % (k, hop, " | ".join(cells), tr))
    print()

    arows = list(csv.DictReader(open(os.path.join(out, "area.csv"))))
    print("| item | array | area um^2 (osu018, 180 nm) | area um^2 (scaled to 45 nm) | NAND2 eq. | cells | note |")
    print("|---|---|---:|---:|---:|---:|---|")
    for r in arows:
        print("| %s | %s | %s | %s | %s | %s | %s |" % (r["item"], r["array"], r["area_um2_180nm"], r["area_um2_45nm"],
                                                      r["nand2_eq"], r["cells"], r["note"]))


if __name__ == "__main__":
    main()
