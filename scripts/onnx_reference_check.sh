#!/usr/bin/env bash
# Issue 14's reference check of `shiftadd import --onnx`: torchvision's ResNet-50 (v1.5), a v1 variant
# (stride on the first 1x1) and ViT-B/16 at 224^2, exported once with Debian's python3-torch
# (tools/onnx/export_torchvision.py; ~550 MB, kept out of the repo), imported, and checked:
#   - `count` gives PyTorch's own params and MACs (measured by the export with hooks and dispatch);
#   - `sim --net` of the imported v1 ResNet-50 and ViT-B/16 gives the cycles, energy and DRAM traffic
#     of the hand-written traces/resnet50.yaml and traces/vit_b16_224.yaml, and the same counts.
# Needs: scripts/install_deps.sh --export-tools. Usage: scripts/onnx_reference_check.sh [BIN] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/apps/shiftadd}
DIR=${2:-runs/onnx}
mkdir -p "$DIR"
[ -f "$DIR/pytorch_counts.json" ] || /usr/bin/python3 tools/onnx/export_torchvision.py "$DIR"
status=0
count_of() { "$BIN" count --json "$1" | python3 -c 'import json,sys; t=json.load(sys.stdin)["totals"]; print(t["params"], t["macs"])'; }
sim_of() {
  rm -rf "$DIR/sim"
  "$BIN" sim --hw configs/hw/hybrid.yaml --net "$1" --out "$DIR/sim" > /dev/null
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["cycles"], s["energy_pj"], s["dram_bytes"])' "$DIR/sim/summary.json"
}
printf '%-14s %-22s %-28s %-28s %s\n' model "PyTorch params/MACs" "imported params/MACs" "hand trace" verdict
for m in resnet50_v15 resnet50_v1 vit_b16_224; do
  "$BIN" import --onnx "$DIR/$m.onnx" --out "$DIR/$m.yaml" --force > /dev/null
  want=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))[sys.argv[2]]; print(c["params"], c["dispatch_macs"])' \
         "$DIR/pytorch_counts.json" "$([ $m = resnet50_v15 ] && echo resnet50 || echo $m)")
  got=$(count_of "$DIR/$m.yaml")
  hand="-"
  verdict=$([ "$want" = "$got" ] && echo "counts match" || echo "COUNTS DIFFER")
  [ "$want" = "$got" ] || status=1
  case $m in resnet50_v1) hand=traces/resnet50.yaml ;; vit_b16_224) hand=traces/vit_b16_224.yaml ;; esac
  if [ "$hand" != "-" ]; then
    a=$(sim_of "$DIR/$m.yaml"); b=$(sim_of "$hand"); hc=$(count_of "$hand")
    if [ "$a" = "$b" ] && [ "$hc" = "$got" ]; then verdict="$verdict; sim --net equal (cycles, pJ, DRAM bytes: $a)";
    else verdict="$verdict; SIM DIFFERS ($a vs $b)"; status=1; fi
  fi
  printf '%-14s %-22s %-28s %-28s %s\n' "$m" "${want/ //}" "${got/ //}" "$hand" "$verdict"
done
exit $status
