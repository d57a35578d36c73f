#!/usr/bin/env bash
# Builds everything and runs the whole test suite (ctest). Usage: scripts/test.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
GEN=""
command -v ninja >/dev/null && GEN="-G Ninja"
cmake -S . -B "$BUILD" $GEN -DCMAKE_BUILD_TYPE=Release
cmake --build "$BUILD" -j "$(nproc)"
ctest --test-dir "$BUILD" -j "$(nproc)" --output-on-failure --timeout 600
