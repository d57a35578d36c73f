#!/usr/bin/env bash
# rtl.yosys_synth: yosys (0.23+) reads every rtl/*.sv file and synthesizes each PE datapath and a
# 4x4 array of each kind (the parameters of the shipped 4x4 cross-check variants, rtl/CMakeLists.txt).
# Fails on any yosys error and on these checks of the synthesized netlists:
#   PE datapaths (N = 2): at least a kind-dependent number of gates, no flip-flops, latches or memories;
#   arrays: no latches or memories left; at least N*(2*ACC_BITS + B_BITS) + ACC_BITS*C*(C-1)
#   flip-flops: the grid's accumulator, OS shadow and B registers plus the WS partial-sum skew and
#   de-skew lines (tying cfg_os to 0 drops the 4x4 mult array from 1189 to 829 flip-flops, below this
#   bound); cfg_os, cfg_sat and the WS partial-sum input p_data have fanout. So neither dataflow's
#   logic was optimized away.
# usage: yosys_synth.sh <rtl dir> [yosys binary]
set -euo pipefail
rtl=${1:?usage: yosys_synth.sh <rtl dir> [yosys]}
yosys=${2:-yosys}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
all="$rtl/sa_array.sv $rtl/sa_ctrl.sv $rtl/sa_skew.sv $rtl/sa_pe_mult.sv $rtl/sa_pe_shift.sv $rtl/sa_pe_add.sv"
no_state='select -assert-none t:$dlatch t:$adlatch t:$_DLATCH_* t:$_DLATCHSR_* t:$_SR_* t:$mem* t:$meminit*'
failed=0

run() {  # name, yosys script
  local name=$1 script=$2
  if ! "$yosys" -q -l "$work/$name.log" -p "$script" >"$work/$name.out" 2>&1; then
    echo "FAIL $name"
    grep -E "ERROR|Assertion" "$work/$name.log" "$work/$name.out" | head -20 || true
    failed=1
    return
  fi
  local cells
  cells=$(awk '/Number of cells:/ {n = $NF} END {print (n == "" ? "-" : n)}' "$work/$name.log")
  echo "ok   $name: $cells cells"
}

# Every file on its own (syntax and elaboration of each module with its defaults).
for f in $all; do
  top=$(basename "$f" .sv)
  run "read_$top" "read_verilog -sv $all; hierarchy -check -top $top; proc"
done

# PE datapaths, two PEs each: term logic only.
run pe_mult  "read_verilog -sv $rtl/sa_pe_mult.sv; chparam -set N 2 -set ACC_BITS 32 sa_pe_mult; synth -top sa_pe_mult -flatten; $no_state; select -assert-none t:*DFF*; select -assert-min 300 t:*; stat"
run pe_shift "read_verilog -sv $rtl/sa_pe_shift.sv; chparam -set N 2 -set ACC_BITS 32 sa_pe_shift; synth -top sa_pe_shift -flatten; $no_state; select -assert-none t:*DFF*; select -assert-min 100 t:*; stat"
run pe_add   "read_verilog -sv $rtl/sa_pe_add.sv; chparam -set N 2 -set ACC_BITS 32 sa_pe_add; synth -top sa_pe_add -flatten; $no_state; select -assert-none t:*DFF*; select -assert-min 40 t:*; stat"

# 4x4 arrays (KIND B_BITS ACC_BITS FRAC as in the shipped 4x4 variants).
while read -r name kind b acc frac; do
  min_ff=$((16 * (2 * acc + b) + acc * 4 * 3))
  run "$name" "read_verilog -sv $all; chparam -set KIND $kind -set R 4 -set C 4 -set A_BITS 8 -set B_BITS $b -set ACC_BITS $acc -set FRAC $frac sa_array; synth -top sa_array -flatten; $no_state; select -assert-min $min_ff t:\$_*DFF*; select -assert-min 1 w:cfg_os %co1 c:* %i; select -assert-min 1 w:cfg_sat %co1 c:* %i; select -assert-min 1 w:p_data %co1 c:* %i; stat"
done <<'VARIANTS'
array_mult_4x4  0 8 16 14
array_shift_4x4 1 6 23 14
array_add_4x4   2 8 10 14
VARIANTS

if [ "$failed" != 0 ]; then
  echo "yosys synthesis checks failed"
  exit 1
fi
echo "all yosys synthesis checks passed"
