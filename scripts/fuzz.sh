#!/usr/bin/env bash
# Runs every libFuzzer harness (fuzz/fuzz_*.cpp) of a sanitizer build (scripts/sanitize.sh makes it) on
# a copy of its checked-in seed corpus (fuzz/corpus/<name>/), with AddressSanitizer and UBSan on, no
# allocation or RSS over 1 GB, 10 s per input at most. Prints executions per harness; any crash,
# sanitizer report, leak or timeout stops it with the reproducer saved in <build>/fuzz_findings/.
# Usage: scripts/fuzz.sh BUILD_DIR RUNS [HARNESS...]   (RUNS per harness, e.g. 1000000, or "smoke" = 5 s
# each; HARNESS names such as npy trace, default all). A long run resumes from the corpus it grew.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:?usage: scripts/fuzz.sh BUILD_DIR RUNS|smoke}
RUNS=${2:?usage: scripts/fuzz.sh BUILD_DIR RUNS|smoke}
LIMIT=(-runs="$RUNS")
[ "$RUNS" = smoke ] && LIMIT=(-max_total_time=5)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$BUILD/fuzz_findings"
printf '%-14s %12s %10s %8s\n' harness executions exec/s corpus
shift 2
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || for src in fuzz/fuzz_*.cpp; do n=$(basename "$src" .cpp); NAMES+=("${n#fuzz_}"); done
for name in "${NAMES[@]}"; do
  h=fuzz_$name
  [ -f "fuzz/$h.cpp" ] || { echo "fuzz: no harness fuzz/$h.cpp"; exit 2; }
  work="$BUILD/fuzz_corpus/$name"
  mkdir -p "$work"
  log="$BUILD/fuzz_findings/$name-$RUNS.log"
  if ! nice "$BUILD/fuzz/$h" "${LIMIT[@]}" -rss_limit_mb=1024 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$BUILD/fuzz_findings/$name-" "$work" "fuzz/corpus/$name" > "$log" 2>&1; then
    tail -40 "$log"; echo "fuzz: $h found a problem (log: $log)"; exit 1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  printf '%-14s %12s %10s %8s\n' "$name" "$execs" "$rate" "$(ls "$work" | wc -l)"
done
echo "fuzz: no crash, sanitizer report, leak, timeout or allocation over 1 GB"
