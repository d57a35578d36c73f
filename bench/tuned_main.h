#pragma once
// BENCHMARK_MAIN with the CLI's allocator set-up (core/process.h), for the benchmarks that run the
// network kernels, so that they measure what `shiftadd` does.
#include <benchmark/benchmark.h>

#include "core/process.h"

#define SHIFTADD_BENCHMARK_MAIN()                                         \
  int main(int argc, char** argv) {                                       \
    shiftadd::tune_allocator();                                           \
    benchmark::Initialize(&argc, argv);                                   \
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;     \
    benchmark::RunSpecifiedBenchmarks();                                  \
    benchmark::Shutdown();                                                \
    return 0;                                                             \
  }
