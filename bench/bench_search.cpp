// bench_search: the search's hot paths on fmnist / hybrid. Each prints its rate and the ratio to the
// target of docs/performance.md (x_target > 1 meets it):
//   LutCost            the search's LUT cost evaluator on one subnet      target 1e6 / s
//   CostOnlySearch     NSGA-II with cost-only objectives, whole driver    (evaluations / s, no target)
//   CvAccuracy/<MB>    one inherited-weight evaluation on 1000 validation images with 2 BN-recalibration
//                      batches, one worker, without and with the prefix cache (evaluations / s; the
//                      target is the whole HAT-sized search, `shiftadd search` with fmnist_hat.yaml, in
//                      10 minutes on 2 cores: docs/performance.md)
// Run from the repository root: build/bench/bench_search
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sstream>

#include "bench/tuned_main.h"
#include "search/search_run.h"

namespace shiftadd::search {
namespace {

struct CostFixture {
  SearchSpace space = load_space("configs/space/fmnist.yaml");
  Accelerator acc{load_accel_config("configs/hw/hybrid.yaml")};
  CostSpec spec{"lut", "auto", "runs/cache"};
  std::unique_ptr<CostEvaluator> cost;
  std::vector<Arch> archs;
  CostFixture() {
    const CostContext ctx{space, "configs/space/fmnist.yaml", "configs/hw/hybrid.yaml", acc};
    cost = cost_registry().make("lut", spec, ctx);
    Rng rng(1);
    for (int i = 0; i < 512; ++i) archs.push_back(sample_arch(space, rng));
  }
};

void BM_LutCost(benchmark::State& st) {
  static const CostFixture f;
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(f.cost->cost(f.archs[i++ % f.archs.size()]).energy_uj);
  st.SetItemsProcessed(int64_t(st.iterations()));
  st.counters["x_target"] = benchmark::Counter(double(st.iterations()) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LutCost);

void BM_CostOnlySearch(benchmark::State& st) {
  static const CostFixture f;
  const std::string dir = "runs/tmp_bench_search";
  std::ofstream("runs/tmp_bench_search.yaml") << "space: configs/space/fmnist.yaml\nhw: configs/hw/hybrid.yaml\nseed: 1\n"
      "strategy: {impl: nsga2, generations: 30, population: 100, parents: 20, mutations: 50, crossovers: 50, "
      "mutation_prob: 0.3}\nobjectives: [energy_uj, latency_ms]\nconstraints: {max_tries: 500}\n"
      "accuracy: {impl: none}\ncost: {impl: lut, lut: auto, lut_cache: runs/cache}\nexecutor: {impl: serial}\n"
      "report: {front_max: 4, random_baseline: false, subnets: [], reference: {energy_uj: 500, latency_ms: 1}}\n";
  const SearchConfig cfg = load_search_config("runs/tmp_bench_search.yaml");
  const auto codec = make_codec(f.space);
  const auto strategy = strategy_registry().make("nsga2", cfg.strategy, cfg.objectives);
  const auto exec = executor_registry().make("serial", cfg.executor);
  auto accuracy = accuracy_registry().make("none", cfg.accuracy, "", 1);
  int64_t evals = 0;
  for (auto _ : st) {
    std::filesystem::remove_all(dir);
    SearchRun run({cfg, f.space, *codec, *strategy, *accuracy, *f.cost, *exec}, 1, dir, false);
    std::ostringstream progress;
    run.run(progress, "bench");
    evals += run.state().stats.evaluations;
  }
  std::filesystem::remove_all(dir);
  st.counters["evaluations_per_s"] = benchmark::Counter(double(evals), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CostOnlySearch)->Unit(benchmark::kMillisecond);

// Arg: prefix cache in MB (0: every candidate from the input). Uniformly sampled subnets share the
// stem and, often, stage 1; a search's children share more with their parents.
void BM_CvAccuracy(benchmark::State& st) {
  AccuracySpec s{"cv_supernet", "/usr/share/datasets/fashion-mnist", 1000, 2, 0, st.range(0)};
  auto est = accuracy_registry().make("cv_supernet", s, "runs/release/fmnist_supernet", 1);
  static const CostFixture f;
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(est->score(0, f.archs[i++ % f.archs.size()]));
  st.SetItemsProcessed(int64_t(st.iterations()) * 1000);
  st.counters["evaluations_per_s"] = benchmark::Counter(double(st.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CvAccuracy)->Arg(0)->Arg(1024)->Unit(benchmark::kMillisecond)->MinTime(10.0);

}  // namespace
}  // namespace shiftadd::search

SHIFTADD_BENCHMARK_MAIN()
