#!/usr/bin/env bash
# Installs every dependency of shiftadd from Debian 12 packages. Idempotent.
# --export-tools also installs PyTorch, torchvision and ONNX for Python (about 1 GB), which only the
# ONNX export scripts need (tools/onnx/: the reference networks and the importer's test models).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PKGS=(
  build-essential cmake ninja-build pkg-config git zlib1g-dev
  libsystemc-dev verilator libeigen3-dev libyaml-cpp-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  libtbb-dev libopenmpi-dev openmpi-bin gnuplot-nox python3 python3-dev pybind11-dev python3-numpy python3-pytest
  dataset-fashion-mnist dict-freedict-eng-deu dict-freedict-eng-fra
  yosys qflow-tech-osu018   # RTL synthesis check (rtl.yosys_synth) and scripts/rtl_energy.sh (osu018 cells)
  libonnx-dev libprotobuf-dev   # shiftadd import --onnx
  clang-14 libclang-rt-14-dev   # scripts/sanitize.sh: sanitizers and the libFuzzer harnesses (fuzz/)
)
if [ "${1:-}" = "--export-tools" ]; then PKGS+=(python3-torch python3-torchvision python3-onnx); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
echo "install_deps: all ${#PKGS[@]} packages present"
