#!/usr/bin/env bash
# Issue 11: joint network-hardware search against the network-only search on hybrid (docs/results.md).
# Three searches with the same supernet, objectives (validation top-1 against EDP), NSGA-II budget
# (10 generations x 50): fmnist_joint (accelerator drawn, area <= hybrid's), fmnist_joint_250mhz (the same at
# hybrid's clock) and fmnist_edp (hybrid fixed); each resumes after an interruption. Then the table.
# Usage: scripts/joint_vs_fixed.sh [shiftadd binary]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
for c in joint joint_250mhz edp; do
  out=runs/search/fmnist_$c
  [ -f "$out/summary.json" ] && continue
  extra=""
  [ -f "$out/checkpoint.json" ] && extra="--resume"
  nice -n 10 "$BIN" search --config "configs/search/fmnist_$c.yaml" --out "$out" $extra
done
mkdir -p runs/joint_vs_fixed
python3 scripts/joint_vs_fixed.py runs/search | tee runs/joint_vs_fixed/table.md
