#!/usr/bin/env python3
"""cli.dse_mpi: `shiftadd dse` under mpirun with 2 and 4 ranks (oversubscribed on a 2-core machine) must
write byte-identical points.csv, pareto.csv, summary.json and journal.jsonl to the run without mpirun;
with more ranks than candidates per generation (dse_tiny.yaml: 2 per generation, 4 ranks) it must still
work; a search under 2 ranks must match its serial run too.
Usage: dse_mpi.py <shiftadd> <mpirun> <work dir>"""
import filecmp, os, shutil, subprocess, sys

exe, mpirun, work = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")


def run(ranks, args, out):
    cmd = ([mpirun, "-n", str(ranks), "--oversubscribe"] if ranks else []) + [exe] + args + ["--out", out]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r.stdout


def same(a, b, files):
    for f in files:
        if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
            sys.exit(f"{f} differs between {a} and {b}")


dse_files = ["points.csv", "pareto.csv", "summary.json", "journal.jsonl", "best/0/hw.yaml"]
for cfg, ranks in (("configs/dse/quick.yaml", (2, 4)), ("tests/cli/dse_tiny.yaml", (4,))):
    name = os.path.splitext(os.path.basename(cfg))[0]
    ref = os.path.join(work, f"{name}_serial")
    run(0, ["dse", "--config", cfg, "--threads", "1"], ref)
    for n in ranks:
        out = os.path.join(work, f"{name}_{n}ranks")
        so = run(n, ["dse", "--config", cfg], out)
        if f"{n - 1} MPI ranks scoring" not in so:
            sys.exit(f"{n} ranks: not distributed:\n{so}")
        same(ref, out, dse_files)
search = ["search", "--config", "tests/cli/search_tiny/search_serial.yaml"]
run(0, search, os.path.join(work, "search_serial"))
run(2, search, os.path.join(work, "search_2ranks"))
same(os.path.join(work, "search_serial"), os.path.join(work, "search_2ranks"),
     ["pareto.csv", "summary.json", "journal.jsonl", "random/journal.jsonl"])
print("ok: dse identical for 2 and 4 ranks and without mpirun; 4 ranks with 2 candidates per generation; search identical for 2 ranks")
