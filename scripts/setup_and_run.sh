#!/usr/bin/env bash
# Fresh Debian 12 -> dependencies (apt), build, and the main job on the default configs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install_deps.sh
BUILD=${BUILD:-build}
GEN=""
command -v ninja >/dev/null && GEN="-G Ninja"
cmake -S . -B "$BUILD" $GEN -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD" -j "$(nproc)" --target shiftadd
scripts/main_job.sh "$BUILD/apps/shiftadd" "${OUT:-out/main}"
