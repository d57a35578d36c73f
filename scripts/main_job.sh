#!/usr/bin/env bash
# The main job on the default configs. Usage: scripts/main_job.sh <shiftadd binary> <out dir>
set -euo pipefail
EXE=$1
OUT=$2
mkdir -p "$OUT"
HW=configs/hw/default.yaml
for pe in mult shift add; do
  for df in ws os; do
    echo "== sim: $pe $df 256x256x256 on $HW"
    "$EXE" sim --hw "$HW" --pe "$pe" --dataflow "$df" --gemm 256,256,256 --seed 1 --json "$OUT/sim_${pe}_${df}.json"
  done
done
echo "== crosscheck: RTL vs SystemC, 600 random jobs"
"$EXE" crosscheck --hw configs/hw/xcheck_8x5.yaml --cases 600 --seed 1 --json "$OUT/crosscheck.json"
echo "main job done: reports in $OUT"
