#!/usr/bin/env bash
# Issue 15: trains the fmnist supernet in each weight-sharing mode with the same budget, 3 seeds each,
# plus heterogeneous sharing with the KL terms off. 4300 steps x batch 64 = 5.0 epochs of the 55000
# training images. Each run checkpoints every 500 steps; rerunning this script resumes unfinished
# runs (kill -9 safe) and skips finished ones.
# Usage: scripts/sharing_ablation.sh [shiftadd binary] [output root]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
ROOT=${2:-runs/ablation}
STEPS=${STEPS:-4300}
mkdir -p "$ROOT"
run() {  # run <name> <extra train options...>
  local out="$ROOT/$1"; shift
  if [ -f "$out/done" ]; then echo "== $out: done"; return; fi
  if [ -f "$out/checkpoint.bin" ]; then
    echo "== $out: resuming"
    nice -n 19 "$BIN" train --out "$out" --resume
  else
    echo "== $out: starting"
    rm -rf "$out"
    nice -n 19 "$BIN" train --space configs/space/fmnist.yaml --out "$out" --steps "$STEPS" \
      --ckpt-every 500 --log-every 500 "$@"
  fi
  touch "$out/done"
}
for seed in 1 2 3; do
  for mode in heterogeneous naive independent; do
    run "${mode}_s${seed}" --share "$mode" --seed "$seed"
  done
  run "heterogeneous_kl0_s${seed}" --share heterogeneous --kl-coef 0 --seed "$seed"
done
