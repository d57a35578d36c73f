#!/usr/bin/env bash
# Issue 10 section 8, "the paper's claim in miniature", on the hybrid accelerator, for either task:
#  1. three searches with the same supernet, LUT, NSGA-II settings and budget: hybrid (every block type),
#     mult-only and mult-free (configs/search/<task>_{energy,multonly,multfree}.yaml; on freedict the
#     "mult-free" arm has the fewest multiplications the space allows: shift and add mixers, attention only
#     where the decoder needs it);
#  2. their fronts, hypervolumes and best validation accuracy (BLEU) under energy limits;
#  3. the most accurate subnet of each at or under LIMIT_UJ, fine-tuned from the supernet, then its test
#     metric from the hardware in the loop (every GEMM on the SystemC arrays, logits checked against the int8
#     path bit for bit) and its LUT energy. fmnist: 1000 steps at lr 1e-3, KL 0 (as the released hybrid_a
#     fine-tune), all 10,000 test images; freedict: STEPS steps at lr 3e-4, greedy decoding of the first TEST
#     test phrases.
# Every step resumes or skips what is done (searches and fine-tunes checkpoint).
# Usage: scripts/hybrid_vs_baselines.sh [shiftadd binary] [LIMIT_UJ] [fmnist|freedict] [STEPS] [TEST]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
TASK=${3:-fmnist}
case "$TASK" in
  fmnist) LIMIT=${2:-8}; OUT=runs/hybrid_vs_baselines; SUPERNET=runs/release/fmnist_supernet
          TRAIN=(--steps 1000 --lr 1e-3 --kl-coef 0 --ckpt-every 250 --log-every 250); TESTSET=() ;;
  freedict) LIMIT=${2:-100}; OUT=runs/hybrid_vs_baselines_nlp; SUPERNET=runs/release/freedict_supernet
          TRAIN=(--steps "${4:-600}" --lr 3e-4 --ckpt-every 200 --log-every 200); TESTSET=(--limit "${5:-1000}") ;;
  *) echo "usage: $0 [binary] [LIMIT_UJ] [fmnist|freedict] [STEPS] [TEST]" >&2; exit 2 ;;
esac
for cfg in energy multonly multfree; do
  out=runs/search/${TASK}_$cfg
  [ -f "$out/summary.json" ] && continue
  extra=""
  [ -f "$out/checkpoint.json" ] && extra="--resume"
  [ "$TASK/$cfg" = fmnist/energy ] && extra="$extra --hil"
  nice -n 10 "$BIN" search --config "configs/search/${TASK}_$cfg.yaml" --out "$out" $extra
done
mkdir -p "$OUT"
python3 scripts/hybrid_vs_baselines.py runs/search --task "$TASK" --choose "$LIMIT" --out "$OUT" | tee "$OUT/fronts.md"
rm -f "$OUT/lut.json"
"$BIN" lut --hw configs/hw/hybrid.yaml --space "configs/space/$TASK.yaml" --out "$OUT/lut.json" > /dev/null
for arm in hybrid mult-only mult-free; do
  d=$OUT/$arm
  if [ ! -f "$d/ft/done" ]; then
    if [ -f "$d/ft/checkpoint.bin" ]; then
      nice -n 10 "$BIN" train --out "$d/ft" --resume
    else
      rm -rf "$d/ft"
      nice -n 10 "$BIN" train --space "configs/space/$TASK.yaml" --arch "$d/arch.yaml" --init-from "$SUPERNET" \
        --out "$d/ft" "${TRAIN[@]}" --seed 1
    fi
    touch "$d/ft/done"
  fi
  [ -f "$d/hil.txt" ] || nice -n 10 "$BIN" eval --supernet "$d/ft" --arch "$d/arch.yaml" "${TESTSET[@]}" --quant int8 \
    --hil configs/hw/hybrid.yaml > "$d/hil.txt"
  "$BIN" cost --lut "$OUT/lut.json" --space "configs/space/$TASK.yaml" --arch "$d/arch.yaml" > "$d/cost.txt"
  echo "== $arm: $(head -n 1 "$d/cost.txt")"
  tail -n 3 "$d/hil.txt"
done
