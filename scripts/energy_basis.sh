#!/usr/bin/env bash
# Issue 12, "Show what changes": ResNet-50 and ShiftAddNAS-T0 on the three shipped accelerators under
# the grounded per-action basis (configs/hw/<hw>.yaml) and the reference's basis (<hw>_ref.yaml),
# by level and by op kind; the energy per operation of each PE kind; and what the shift and add
# sub-arrays save on T0 against the same network with every GEMM on a multiplier array.
# Usage: scripts/energy_basis.sh [shiftadd binary] [out dir]   (about a minute; tables on stdout)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
OUT=${2:-out/energy_basis}
rm -rf "$OUT"
mkdir -p "$OUT"
for hw in eyeriss_168 tpu_32x32 hybrid hybrid_multonly; do
  for basis in grounded ref; do
    cfg=configs/hw/$hw.yaml
    [ "$basis" = ref ] && cfg=configs/hw/${hw}_ref.yaml
    for net in resnet50 shiftaddnas_t0; do
      [ "$hw" = hybrid_multonly ] && [ "$net" = resnet50 ] && continue
      "$BIN" sim --hw "$cfg" --net "traces/$net.yaml" --out "$OUT/${net}_${hw}_${basis}" > /dev/null
    done
  done
done
# Energy per operation of each PE kind: a 256x256x256 GEMM on the hybrid accelerator's 16x16 arrays.
for basis in grounded ref; do
  cfg=configs/hw/hybrid.yaml
  [ "$basis" = ref ] && cfg=configs/hw/hybrid_ref.yaml
  for pe in mult shift add; do
    "$BIN" sim --hw "$cfg" --pe "$pe" --dataflow ws --gemm 256,256,256 --seed 1 --timing-only \
      --json "$OUT/gemm_${pe}_${basis}.json" > /dev/null
  done
done
python3 scripts/energy_basis_tables.py "$OUT"
