// Times one GEMM per (config, PE kind, dataflow) three ways: verilated RTL, SystemC functional model,
// SystemC timing-only model. Benchmark names: <way>/<config>/<pe>/<dataflow>/<M>x<K>x<N>.
// Set SHIFTADD_BENCH_GEMM=M,K,N to change the shape (default 256,256,256).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "core/error.h"
#include "core/rng.h"
#include "rtl/rtl_array.h"
#include "sim/array_sim.h"
#include "cost/hw_config.h"
#include "cost/random_job.h"

namespace {

using namespace shiftadd;

struct Case {
  ArraySpec spec;
  GemmJob job;
  std::string label;
};

void bench_rtl(benchmark::State& st, std::shared_ptr<Case> c) {
  auto rtl = make_rtl_array(c->spec);
  int64_t cycles = 0;
  for (auto _ : st) {
    RtlRun r = rtl->run(c->job, c->spec.dataflow, c->spec.overflow);
    cycles = r.cycles;
    benchmark::DoNotOptimize(r.c.data());
  }
  st.counters["cycles"] = double(cycles);
  st.counters["cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsIterationInvariantRate);
}

void bench_systemc(benchmark::State& st, std::shared_ptr<Case> c, bool timing_only) {
  static ArraySim session;  // the benchmark process's one SystemC session
  ArraySim& sim = session;
  int64_t cycles = 0;
  for (auto _ : st) {
    ArrayRunResult r = sim.run(c->spec, c->job, timing_only);
    cycles = r.total_cycles;
    benchmark::DoNotOptimize(r.c.data());
  }
  st.counters["cycles"] = double(cycles);
}

void register_case(const std::string& cfg_name, ArraySpec s, int64_t M, int64_t K, int64_t N) {
  auto c = std::make_shared<Case>();
  c->spec = s;
  Rng rng(2022);
  c->job = random_gemm_job(s, M, K, N, rng);
  c->label = fmt::format("{}/{}/{}/{}x{}x{}", cfg_name, to_string(s.pe), to_string(s.dataflow), M, K, N);
  benchmark::RegisterBenchmark(("rtl/" + c->label).c_str(), bench_rtl, c)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("functional/" + c->label).c_str(), bench_systemc, c, false)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("timing_only/" + c->label).c_str(), bench_systemc, c, true)
      ->Unit(benchmark::kMicrosecond);
}

void register_config(const std::string& file, int64_t M, int64_t K, int64_t N) {
  const HwConfig cfg = load_hw_config(std::string(SHIFTADD_SOURCE_DIR) + "/configs/hw/" + file);
  for (const ArraySpec& s : cfg.arrays)
    for (Dataflow df : {Dataflow::kWS, Dataflow::kOS}) {
      ArraySpec d = s;
      d.dataflow = df;
      register_case(cfg.name, d, M, K, N);
    }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t M = 256, K = 256, N = 256;
  if (const char* g = std::getenv("SHIFTADD_BENCH_GEMM")) {
    long long m, k, n;
    if (std::sscanf(g, "%lld,%lld,%lld", &m, &k, &n) != 3 || m < 1 || k < 1 || n < 1) {
      std::fprintf(stderr, "error: SHIFTADD_BENCH_GEMM must be M,K,N (positive), got '%s'\n", g);
      return 2;
    }
    M = m, K = k, N = n;
  }
  try {
    register_config("bench_16x16.yaml", M, K, N);
    register_config("bench_32x32.yaml", M, K, N);
  } catch (const shiftadd::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
