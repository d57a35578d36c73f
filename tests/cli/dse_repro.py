#!/usr/bin/env python3
"""cli.dse_reproducible: `shiftadd dse` on configs/dse/quick.yaml with 2 threads and serially must give
byte-identical points.csv, pareto.csv, summary.json, journal.jsonl and best/*/hw.yaml; every front member
must be re-simulated on SystemC within 0.01 %; best/<k>/hw.yaml must reproduce the row's per-workload
cycles and energy under `shiftadd sim --net` (energy to 6 significant digits, as pareto.csv prints it);
invalid designs must be listed in points.csv with their reason; pareto.svg must exist.
Usage: dse_repro.py <shiftadd> <work dir>"""
import csv, filecmp, json, os, re, shutil, subprocess, sys

exe, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
runs = {}
for threads in ("2", "1"):
    out = os.path.join(work, "t" + threads)
    subprocess.run([exe, "dse", "--config", "configs/dse/quick.yaml", "--out", out, "--threads", threads], check=True,
                   stdout=subprocess.DEVNULL)
    runs[threads] = out
a, b = runs["2"], runs["1"]
best = sorted(os.listdir(os.path.join(a, "best")), key=int)
for f in ["points.csv", "pareto.csv", "summary.json", "journal.jsonl"] + [f"best/{k}/hw.yaml" for k in best]:
    if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
        sys.exit(f"{f} differs between 2 threads and 1")
summary = json.load(open(os.path.join(a, "summary.json")))
rows = list(csv.DictReader(open(os.path.join(a, "pareto.csv"))))
if len(rows) != summary["front_size"] or len(rows) < 5 or len(best) != len(rows):
    sys.exit(f"front: {len(rows)} rows, {len(best)} hw configs, summary says {summary['front_size']}")
if summary["recheck"]["max_abs_energy_diff_pct"] > 0.01 or summary["recheck"]["max_abs_latency_diff_pct"] > 0.01:
    sys.exit(f"SystemC re-simulation differs: {summary['recheck']}")
points = list(csv.DictReader(open(os.path.join(a, "points.csv"))))
invalid = [p for p in points if p["status"] != "valid"]
if not invalid or not all("buffer too small for any tile" in p["status"] for p in invalid):
    sys.exit(f"expected the 1 KB weight buffer designs as invalid with their reason, got {len(invalid)}")
if sum(summary["invalid"].values()) != len(invalid) or summary["evaluations"] != len(points):
    sys.exit("summary.json's counts disagree with points.csv")
for k in (0, len(rows) - 1):  # both ends of the front
    hw = os.path.join(a, rows[k]["hw"])
    for label, trace in (("resnet50", "traces/resnet50.yaml"), ("shiftaddnas_t0", "traces/shiftaddnas_t0.yaml")):
        so = subprocess.run([exe, "sim", "--net", trace, "--hw", hw, "--out", os.path.join(work, f"sim_{k}_{label}")],
                            check=True, capture_output=True, text=True).stdout
        m = re.search(r": (\d+) cycles, .* energy ([0-9.e+-]+) uJ", so)
        if int(m.group(1)) != int(rows[k][f"{label}_sim_cycles"]):
            sys.exit(f"{hw} on {label}: sim --net gives {m.group(1)} cycles, pareto.csv {rows[k][label + '_sim_cycles']}")
        e_row = float(rows[k][f"{label}_energy_uj"])
        if abs(float(m.group(2)) - e_row) > 1e-3 * e_row:  # sim prints 4 digits
            sys.exit(f"{hw} on {label}: sim --net energy {m.group(2)} uJ, pareto.csv {e_row}")
if os.path.getsize(os.path.join(a, "pareto.svg")) < 1000:
    sys.exit("pareto.svg missing or empty")
print(f"ok: {len(points)} designs, {len(invalid)} invalid, front {len(rows)}, identical for 1 and 2 threads")
