#!/usr/bin/env bash
# Gate-level energy per event of the PE datapaths and registers against the osu018 standard cells,
# compared with the shipped technology table (docs/validation.md, "Gate-level energy calibration
# (osu018)"). A benchmark-style command: a few minutes on 2 cores.
#   scripts/rtl_energy.sh [--out DIR] [--vectors N] [--area-array N] [--no-real] [--build DIR]
#                         [--supernet DIR --arch YAML] [--hw YAML]
# Writes DIR (default out/rtl_energy/): energies.csv, area.csv, method.json, table.csv (when the
# `shiftadd tech` command exists), streams/ (real operand streams) and synth/ (yosys logs, netlists);
# prints energies.csv. Needs yosys, qflow-tech-osu018 and python3 (scripts/install_deps.sh); the real
# streams need the built tools/gates/gate_streams (built with the tests), else only uniform streams run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=out/rtl_energy
build=build
vectors=4000
area_array=4
real=1
supernet=runs/release/fmnist_ft_hybrid_a
arch=configs/subnets/fmnist/hybrid_a.yaml
hw=configs/hw/hybrid.yaml
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --vectors) vectors=$2; shift 2 ;;
    --area-array) area_array=$2; shift 2 ;;
    --no-real) real=0; shift ;;
    --build) build=$2; shift 2 ;;
    --supernet) supernet=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --hw) hw=$2; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "rtl_energy.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v yosys >/dev/null || { echo "rtl_energy.sh: yosys not found (scripts/install_deps.sh)" >&2; exit 1; }
lib=/usr/share/qflow/tech/osu018/osu018_stdcells.lib
[ -f "$lib" ] || { echo "rtl_energy.sh: $lib not found (apt package qflow-tech-osu018)" >&2; exit 1; }
mkdir -p "$out"

# The shipped table's energies per event (CSV array,event,energy_pj), when the CLI has `tech`.
table=""
if [ -x "$build/apps/shiftadd" ] && "$build/apps/shiftadd" tech --hw "$hw" >"$out/table.csv" 2>"$out/table.err"; then
  table="$out/table.csv"
else
  rm -f "$out/table.csv"
  echo "rtl_energy.sh: no table ($build/apps/shiftadd tech --hw $hw unavailable): table_pj and ratio are NA" >&2
fi

# Real int8 operand streams of a released subnet (weights and activations of its integer path).
streams=""
if [ "$real" = 1 ]; then
  if [ -x "$build/tools/gates/gate_streams" ]; then
    mkdir -p "$out/streams"
    "$build/tools/gates/gate_streams" --supernet "$supernet" --arch "$arch" --out "$out/streams" \
      --max-vectors "$vectors" --images 2 --pes-per-job 16 >&2
    streams="$out/streams"
  else
    echo "rtl_energy.sh: $build/tools/gates/gate_streams not built (cmake --build $build --target gate_streams):" \
         "uniform streams only" >&2
  fi
fi

exec python3 tools/gates/gate_energy.py --liberty "$lib" --out "$out" --vectors "$vectors" \
  --area-array "$area_array" ${streams:+--streams "$streams"} ${table:+--table "$table"}
