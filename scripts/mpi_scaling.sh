#!/usr/bin/env bash
# Issue 11, MPI scaling of `shiftadd dse` on this machine (docs/performance.md, "Distribution over MPI"):
#  1. heavy scoring: configs/dse/resnet_t0_grid.yaml (ResNet-50 + ShiftAddNAS-T0 per design) serially,
#     with 2 threads, and under mpirun with 2, 3, 4 and 6 ranks (--oversubscribe beyond the cores);
#  2. near-free scoring: the same 139,968-design grid on traces/examples/one_gemm.yaml, serially and with
#     2 ranks: what is left per candidate is rank 0's bookkeeping plus the messages.
# Every run's points.csv must be byte-identical to the serial one's. Writes runs/mpi_scaling/scaling.csv.
# Usage: scripts/mpi_scaling.sh [shiftadd binary]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
OUT=runs/mpi_scaling
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf "$OUT" && mkdir -p "$OUT"
sed 's|  - {trace: traces/resnet50.yaml, weight: 1}|  - {trace: traces/examples/one_gemm.yaml, weight: 1}|; /shiftaddnas_t0.yaml/d' \
  configs/dse/resnet_t0_grid.yaml > "$OUT/light.yaml"
echo "workload,mode,ranks,wall_s,evaluations,points_identical" > "$OUT/scaling.csv"
run() {  # run <workload> <config> <mode> <ranks>
  local out="$OUT/$1_$3_$4" t0 t1
  t0=$(date +%s.%N)
  if [ "$3" = mpi ]; then
    mpirun -n "$4" --oversubscribe "$BIN" dse --config "$2" --out "$out" > "$out.log"
  else
    "$BIN" dse --config "$2" --out "$out" --threads "$4" > "$out.log"
  fi
  t1=$(date +%s.%N)
  local evals same
  evals=$(python3 -c "import json; print(json.load(open('$out/summary.json'))['evaluations'])")
  same=$(cmp -s "$out/points.csv" "$OUT/$1_threads_1/points.csv" && echo yes || echo NO)
  echo "$1,$3,$4,$(python3 -c "print(f'{$t1 - $t0:.2f}')"),$evals,$same" | tee -a "$OUT/scaling.csv"
}
run heavy configs/dse/resnet_t0_grid.yaml threads 1
run heavy configs/dse/resnet_t0_grid.yaml threads 2
for n in 2 3 4 6; do run heavy configs/dse/resnet_t0_grid.yaml mpi "$n"; done
run light "$OUT/light.yaml" threads 1
run light "$OUT/light.yaml" mpi 2
run light "$OUT/light.yaml" mpi 3
python3 - "$OUT/scaling.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
base = {r["workload"]: float(r["wall_s"]) for r in rows if r["mode"] == "threads" and r["ranks"] == "1"}
print("| workload | run | scoring processes | wall s | evaluations/s | speedup vs serial | identical |")
print("|---|---|---:|---:|---:|---:|---|")
for r in rows:
    n = int(r["ranks"]); scorers = n if r["mode"] == "threads" else n - 1
    wall = float(r["wall_s"])
    print(f"| {r['workload']} | {r['mode']} {n} | {scorers} | {wall:.2f} | {int(r['evaluations']) / wall:,.0f} | "
          f"{base[r['workload']] / wall:.2f} | {r['points_identical']} |")
PY
