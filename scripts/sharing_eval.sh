#!/usr/bin/env bash
# Issue 15, after scripts/sharing_ablation.sh: inherited test accuracy (BN recalibrated) of the fixed
# subnets in configs/subnets/fmnist/ for every finished ablation run, one CSV row per run and subnet,
# then mean +- std per mode and subnet over the seeds.
# Usage: scripts/sharing_eval.sh [shiftadd binary] [ablation root] [bn-recalib batches]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
ROOT=${2:-runs/ablation}
RECALIB=${3:-4}
CSV="$ROOT/inherited.csv"
echo "mode,seed,subnet,test_accuracy" > "$CSV.tmp"
for run in "$ROOT"/*_s[0-9]*; do
  [ -f "$run/done" ] || { echo "== $run: not finished, skipped"; continue; }
  name=$(basename "$run")
  mode=${name%_s*}
  seed=${name##*_s}
  for arch in configs/subnets/fmnist/*.yaml; do
    acc=$(nice -n 10 "$BIN" eval --supernet "$run" --arch "$arch" --bn-recalib "$RECALIB" | sed -n 's/^test accuracy \([0-9.]*\).*/\1/p')
    echo "$mode,$seed,$(basename "$arch" .yaml),$acc" >> "$CSV.tmp"
    echo "$name $(basename "$arch" .yaml) $acc"
  done
done
mv "$CSV.tmp" "$CSV"
python3 - "$CSV" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault((r["mode"], r["subnet"]), []).append(float(r["test_accuracy"]))
print(f"{'mode':<20} {'subnet':<12} {'n':>2} {'mean':>7} {'std':>7}")
for (mode, subnet), v in sorted(by.items()):
    sd = statistics.stdev(v) if len(v) > 1 else float("nan")
    print(f"{mode:<20} {subnet:<12} {len(v):>2} {statistics.mean(v):7.4f} {sd:7.4f}")
PY
