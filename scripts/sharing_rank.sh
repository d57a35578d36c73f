#!/usr/bin/env bash
# Issue 15, ranking fidelity: 30 random fmnist subnets (fixed seed). For each sharing mode's supernet
# (seed SEED of runs/ablation), each subnet's inherited test accuracy (BN recalibrated, 4 batches) and its
# test accuracy after a short standalone fine-tune from those inherited weights (STEPS steps, lr 1e-3,
# no KL, seed 1); then Kendall tau-b between the two rankings per mode. Resumes: finished rows are kept.
# Usage: scripts/sharing_rank.sh [shiftadd binary] [ablation root] [out root]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
ROOT=${2:-runs/ablation}
OUT=${3:-runs/ablation_rank}
STEPS=${STEPS:-200}
SEEDS=${SEEDS:-1}
N=${N:-30}
mkdir -p "$OUT/subnets"
[ -f "$OUT/subnets/r00.yaml" ] || python3 scripts/sharing_rank.py sample --space configs/space/fmnist.yaml --n "$N" --out "$OUT/subnets"
CSV="$OUT/rank.csv"
[ -f "$CSV" ] || echo "mode,seed,subnet,inherited,finetuned" > "$CSV"
acc() { sed -n 's/^test accuracy \([0-9.]*\).*/\1/p'; }
for seed in $SEEDS; do
  for mode in heterogeneous naive independent heterogeneous_kl0; do
    run="$ROOT/${mode}_s${seed}"
    [ -f "$run/done" ] || { echo "== $run: not finished, skipped"; continue; }
    for arch in "$OUT"/subnets/r*.yaml; do
      k=$(basename "$arch" .yaml)
      grep -q "^$mode,$seed,$k," "$CSV" && continue
      ft="$OUT/ft/${mode}_s${seed}/$k"
      inh=$(nice -n 19 "$BIN" eval --supernet "$run" --arch "$arch" --bn-recalib 4 | acc)
      rm -rf "$ft"; mkdir -p "$(dirname "$ft")"
      nice -n 19 "$BIN" train --space configs/space/fmnist.yaml --arch "$arch" --init-from "$run" --out "$ft" \
        --share "${mode%_kl0}" --steps "$STEPS" --lr 1e-3 --kl-coef 0 --ckpt-every "$STEPS" --log-every "$STEPS" \
        --seed 1 > /dev/null  # the fine-tune keeps the supernet's parameterisation (its weights' names)
      fin=$(nice -n 19 "$BIN" eval --supernet "$ft" --arch "$arch" | acc)
      rm -f "$ft/checkpoint.bin"   # the weights are not needed after the evaluation (the row is)
      echo "$mode,$seed,$k,$inh,$fin" >> "$CSV"
      echo "[rank] ${mode}_s${seed} $k inherited $inh fine-tuned $fin ($(($(grep -c . "$CSV") - 1)) rows)"
    done
  done
done
python3 scripts/sharing_rank.py tau "$CSV" | tee "$OUT/tau.md"
