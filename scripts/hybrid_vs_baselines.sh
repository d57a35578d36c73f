#!/usr/bin/env bash
# Issue 10 section 8, "the paper's claim in miniature", on Fashion-MNIST and the hybrid accelerator:
#  1. three searches with the same supernet, LUT, NSGA-II settings and budget: hybrid (all block types),
#     mult-only (conv, attn) and mult-free (shift, add) (configs/search/fmnist_{energy,multonly,multfree}.yaml);
#  2. their fronts, hypervolumes and best validation accuracy under energy limits;
#  3. the most accurate subnet of each at or under LIMIT_UJ, fine-tuned from the supernet (1000 steps, as the
#     released hybrid_a fine-tune), then its test accuracy from the hardware in the loop (all 10,000 test
#     images on the SystemC arrays, logits checked against the int8 path) and its LUT energy.
# Every step resumes or skips what is done (searches and fine-tunes checkpoint).
# Usage: scripts/hybrid_vs_baselines.sh [shiftadd binary] [LIMIT_UJ]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
LIMIT=${2:-8}
OUT=runs/hybrid_vs_baselines
for cfg in energy multonly multfree; do
  out=runs/search/fmnist_$cfg
  [ -f "$out/summary.json" ] && continue
  extra=""
  [ -f "$out/checkpoint.json" ] && extra="--resume"
  [ "$cfg" = energy ] && extra="$extra --hil"
  nice -n 10 "$BIN" search --config "configs/search/fmnist_$cfg.yaml" --out "$out" $extra
done
mkdir -p "$OUT"
python3 scripts/hybrid_vs_baselines.py runs/search --choose "$LIMIT" --out "$OUT" | tee "$OUT/fronts.md"
rm -f "$OUT/lut.json"
"$BIN" lut --hw configs/hw/hybrid.yaml --space configs/space/fmnist.yaml --out "$OUT/lut.json" > /dev/null
for arm in hybrid mult-only mult-free; do
  d=$OUT/$arm
  if [ ! -f "$d/ft/done" ]; then
    if [ -f "$d/ft/checkpoint.bin" ]; then
      nice -n 10 "$BIN" train --out "$d/ft" --resume
    else
      rm -rf "$d/ft"
      nice -n 10 "$BIN" train --space configs/space/fmnist.yaml --arch "$d/arch.yaml" --init-from runs/release/fmnist_supernet \
        --out "$d/ft" --steps 1000 --lr 1e-3 --kl-coef 0 --ckpt-every 250 --log-every 250 --seed 1
    fi
    touch "$d/ft/done"
  fi
  [ -f "$d/hil.txt" ] || nice -n 10 "$BIN" eval --supernet "$d/ft" --arch "$d/arch.yaml" --quant int8 \
    --hil configs/hw/hybrid.yaml > "$d/hil.txt"
  "$BIN" cost --lut "$OUT/lut.json" --space configs/space/fmnist.yaml --arch "$d/arch.yaml" > "$d/cost.txt"
  echo "== $arm: $(head -n 1 "$d/cost.txt")"
  tail -n 2 "$d/hil.txt"
done
