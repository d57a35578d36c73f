#!/usr/bin/env bash
# Issue 13 (run by .ci/run): the SystemC-free libraries' unit tests (core, workload, cost, search,
# models, import) built with clang 14, AddressSanitizer and UndefinedBehaviorSanitizer, any report fatal;
# then the SystemC models' tests (test_sim) the same way, and the libFuzzer harnesses of the same build, 5 s
# each (scripts/fuzz.sh; long runs: docs/validation.md).
# SystemC: clang's ASan notices the QuickThreads coroutine stacks ("ignoring requested
# __asan_handle_no_return ... False positive error reports may follow") and reports nothing on our code; the
# VCD death test's child exits holding gtest's own allocations, so that one test runs without leak checks.
# rtl/ (verilated) is left out: it is checked by the GCC build, verilator --lint-only and the cross-check.
# Usage: scripts/sanitize.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-san}
GEN=""
command -v ninja >/dev/null && GEN="-G Ninja"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" $GEN -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHIFTADD_BUILD_BENCH=OFF \
  -DSHIFTADD_WITH_MPI=OFF -DSHIFTADD_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
TESTS="test_core test_workload test_cost test_search test_models test_import"
cmake --build "$BUILD" -j "$(nproc)" --target $TESTS test_sim fuzzers
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in $TESTS; do
  echo "== $t"
  "$BUILD/tests/$t" --gtest_brief=1
done
echo "== test_sim (SystemC)"
"$BUILD/tests/test_sim" --gtest_brief=1 --gtest_filter='-*DeathTest*' 2>&1 | grep -v "__asan_handle_no_return\|False positive error reports\|sanitizers/issues/189"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 "$BUILD/tests/test_sim" --gtest_brief=1 --gtest_filter='*DeathTest*'
echo "sanitizers: no report from $TESTS test_sim"
scripts/fuzz.sh "$BUILD" smoke
