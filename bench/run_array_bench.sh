#!/usr/bin/env bash
# Builds bench_array, runs it once with JSON output and prints, per (config, PE kind), how much
# faster the SystemC functional and timing-only models are than the verilated RTL.
# Usage: bench/run_array_bench.sh [build-dir]   (default: build-bench; SHIFTADD_BENCH_GEMM=M,K,N)
# Targets (issue #2): functional >= 30x faster than the RTL, timing-only >= 10,000x.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${1:-$root/build-bench}")"
out="$build/bench_array.json"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHIFTADD_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target bench_array
cd "$root"
"$build/bench/bench_array" --benchmark_out="$out" --benchmark_out_format=json --benchmark_repetitions=1

python3 - "$out" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
t = {}
for b in data["benchmarks"]:
    if b.get("run_type") == "aggregate":
        continue
    way, case = b["name"].split("/", 1)
    t.setdefault(case, {})[way] = b["real_time"] * unit[b["time_unit"]]
print()
print(f"{'case':<42} {'rtl_ms':>9} {'func_ms':>9} {'timing_us':>10} {'func/RTL':>9} {'timing/RTL':>11}")
ok = True
for case, w in t.items():
    if not {"rtl", "functional", "timing_only"} <= w.keys():
        continue
    f = w["rtl"] / w["functional"]
    g = w["rtl"] / w["timing_only"]
    ok &= f >= 30 and g >= 10000
    print(f"{case:<42} {w['rtl']*1e3:9.2f} {w['functional']*1e3:9.3f} {w['timing_only']*1e6:10.2f} "
          f"{f:8.1f}x {g:10.0f}x")
print("targets (functional >= 30x, timing-only >= 10000x):", "met" if ok else "MISSED")
PY
