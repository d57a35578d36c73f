#!/usr/bin/env bash
# Issue 15, the search result per sharing mode: the same NSGA-II search (configs/search/fmnist_ablation.yaml)
# on every finished supernet of runs/ablation, then per mode (mean +- std over the seeds) the front's
# hypervolume and the best subnet at or under LIMIT_UJ: its validation accuracy in the search and its test
# accuracy with inherited weights (BN recalibrated, 4 batches). Searches resume after an interruption.
# Usage: scripts/sharing_search.sh [shiftadd binary] [ablation root] [out root] [LIMIT_UJ]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
ROOT=${2:-runs/ablation}
OUT=${3:-runs/ablation_search}
LIMIT=${4:-8}
mkdir -p "$OUT"
for run in "$ROOT"/*_s[0-9]*; do
  [ -f "$run/done" ] || { echo "== $run: not finished, skipped"; continue; }
  out="$OUT/$(basename "$run")"
  [ -f "$out/summary.json" ] && continue
  extra=""
  [ -f "$out/checkpoint.json" ] && extra="--resume"
  echo "== search on $run"
  nice -n 19 "$BIN" search --config configs/search/fmnist_ablation.yaml --supernet "$run" --out "$out" $extra
done
python3 scripts/sharing_search.py choose "$OUT" --limit "$LIMIT"
for d in "$OUT"/*_s[0-9]*; do
  name=$(basename "$d")
  [ -f "$d/limit/test.txt" ] || nice -n 19 "$BIN" eval --supernet "$ROOT/$name" --arch "$d/limit/arch.yaml" \
    --bn-recalib 4 > "$d/limit/test.txt"
done
python3 scripts/sharing_search.py table "$OUT" --limit "$LIMIT" | tee "$OUT/table.md"
