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
for hw in eyeriss_168 tpu_32x32 hybrid; do
  for net in resnet50 shiftaddnas_t0; do
    echo "== whole network: $net on $hw"
    "$EXE" sim --hw "configs/hw/$hw.yaml" --net "traces/$net.yaml" --out "$OUT/net_${net}_${hw}" | tail -n 4
  done
done
echo "== lookup table for the fmnist space on the hybrid accelerator, and a subnet's predicted cost"
"$EXE" lut --hw configs/hw/hybrid.yaml --space configs/space/fmnist.yaml --out "$OUT/lut_fmnist.json"
"$EXE" cost --lut "$OUT/lut_fmnist.json" --space configs/space/fmnist.yaml --arch configs/subnets/fmnist/hybrid_a.yaml
echo "== released supernet: inherited hybrid subnet on the Fashion-MNIST test set"
"$EXE" eval --supernet runs/release/fmnist_ft_hybrid_a --arch configs/subnets/fmnist/hybrid_a.yaml
echo "== the same subnet quantized to the PE arrays' integer formats (int8 / power of two)"
"$EXE" eval --supernet runs/release/fmnist_ft_hybrid_a --arch configs/subnets/fmnist/hybrid_a.yaml --quant int8
echo "== released NLP supernet: attn+conv subnet on 200 FreeDict En-De test phrases, BLEU vs copy baseline"
"$EXE" eval --supernet runs/release/freedict_supernet --arch configs/subnets/freedict/hybrid_a.yaml --limit 200
echo "== search: NSGA-II over the fmnist supernet, LUT in the loop, front re-checked by whole-network simulation;"
echo "   two front members run image by image on the SystemC PE arrays (--hil), logits checked bit for bit"
rm -rf "$OUT/search_quick"  # the main job owns this folder; search refuses to write into a used one
"$EXE" search --config configs/search/fmnist_quick.yaml --out "$OUT/search_quick" --hil --hil-members 2
echo "== design-space exploration: 648 accelerator designs over ResNet-50 and ShiftAddNAS-T0, front re-simulated on SystemC"
rm -rf "$OUT/dse_quick"
"$EXE" dse --config configs/dse/quick.yaml --out "$OUT/dse_quick" | grep -v "^  "
echo "main job done: reports in $OUT"
