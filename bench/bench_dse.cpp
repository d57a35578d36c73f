// bench_dse: design-space exploration speed (docs/performance.md). Each prints its rate and the ratio
// to the target (x_target > 1 meets it), single-threaded unless stated:
//   WholeNetworkPoints   one accelerator design (decode + build + ResNet-50 whole-network analytic
//                        simulation) per item, designs of configs/dse/resnet_t0_grid.yaml  target 2e4 / s / core
//   LayerPoints          one (layer, design) cost: a ResNet-50 conv layer on a design's mult array,
//                        with the design's buffers and DRAM                              target 2e5 / s / core
//   Grid100k             the whole `dse` loop over resnet_t0_grid.yaml's 139,968 designs (ResNet-50 +
//                        ShiftAddNAS-T0; 57,000 over the area limit), 2 threads        target 120 s
// Run from the repository root: build/bench/bench_dse
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sstream>

#include "search/dse/dse_problem.h"
#include "search/run_loop.h"
#include "workload/trace.h"

namespace shiftadd::search {
namespace {

struct Designs {
  DseConfig cfg = load_dse_config("configs/dse/resnet_t0_grid.yaml");
  HwCodec codec{cfg.space};
  TechTable tech = load_tech_table(cfg.space.base.hw.tech_path);
  std::vector<AccelConfig> valid;
  Designs() {
    Rng rng(1);
    while (valid.size() < 512) {
      std::string reason;
      AccelConfig c = codec.decode(codec.random(rng), reason);
      if (reason.empty()) valid.push_back(std::move(c));
    }
  }
};

void BM_WholeNetworkPoints(benchmark::State& st) {
  static const Designs d;
  const workload::Network net = workload::load_workload("traces/resnet50.yaml");
  Rng rng(2);
  for (auto _ : st) {
    std::string reason;
    const AccelConfig cfg = d.codec.decode(d.codec.random(rng), reason);
    if (!reason.empty()) continue;
    benchmark::DoNotOptimize(Accelerator(cfg, d.tech).simulate(net, false).total.cycles);
  }
  st.SetItemsProcessed(int64_t(st.iterations()));
  st.counters["x_target"] = benchmark::Counter(double(st.iterations()) / 2e4, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WholeNetworkPoints)->Unit(benchmark::kMicrosecond);

void BM_LayerPoints(benchmark::State& st) {
  static const Designs d;
  const workload::Network net = workload::load_workload("traces/resnet50.yaml");
  const workload::Layer& layer = net.blocks.at(5).branches.at(0).layers.at(1);  // a 3x3 conv of stage 2
  std::vector<std::unique_ptr<Accelerator>> accs;  // the designs' arrays and memories, built once
  for (const AccelConfig& c : d.valid) accs.push_back(std::make_unique<Accelerator>(c, d.tech));
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(accs[i++ % accs.size()]->layer_cost(layer).cycles);
  st.SetItemsProcessed(int64_t(st.iterations()));
  st.counters["x_target"] = benchmark::Counter(double(st.iterations()) / 2e5, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LayerPoints);

// The parts of a whole-network design point: building the accelerator, and simulating on a built one.
void BM_BuildAccelerator(benchmark::State& st) {
  static const Designs d;
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(Accelerator(d.valid[i++ % d.valid.size()], d.tech).config().hw.clock_mhz);
  st.SetItemsProcessed(int64_t(st.iterations()));
}
BENCHMARK(BM_BuildAccelerator);

void BM_SimulateBuilt(benchmark::State& st) {
  static const Designs d;
  const workload::Network net = workload::load_workload("traces/resnet50.yaml");
  std::vector<std::unique_ptr<Accelerator>> accs;
  for (const AccelConfig& c : d.valid) accs.push_back(std::make_unique<Accelerator>(c, d.tech));
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(accs[i++ % accs.size()]->simulate(net, false).total.cycles);
  st.SetItemsProcessed(int64_t(st.iterations()));
}
BENCHMARK(BM_SimulateBuilt)->Unit(benchmark::kMicrosecond);

void BM_Grid100k(benchmark::State& st) {
  DseConfig cfg = load_dse_config("configs/dse/resnet_t0_grid.yaml");
  cfg.strategy.population = int(HwCodec(cfg.space).genomes());  // one generation: the whole grid
  cfg.strategy.generations = 1;
  const std::vector<DseNetwork> nets = load_dse_workloads(cfg);
  DseProblem problem(cfg.space, nets);
  const auto strategy = strategy_registry().make("grid", cfg.strategy, cfg.objectives);
  const auto exec = executor_registry().make("threads", ExecutorSpec{"threads", 2});
  int64_t designs = 0;
  double seconds = 0;
  for (auto _ : st) {
    const std::string dir = "runs/tmp_bench_dse";
    std::filesystem::remove_all(dir);
    RunLoop run(RunSpec{cfg.file, dse_digest(cfg), cfg.strategy, cfg.objectives, cfg.constraints, cfg.reference}, problem,
                *strategy, *exec, cfg.seed, dir, false);
    std::ostringstream quiet;
    const auto t0 = std::chrono::steady_clock::now();
    run.run(quiet, "bench");
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    designs += run.state().stats.evaluations + run.state().stats.rejected;
    std::filesystem::remove_all(dir);
  }
  st.counters["designs"] = double(designs) / double(st.iterations());
  st.counters["x_target"] = 120.0 / (seconds / double(st.iterations()));
}
BENCHMARK(BM_Grid100k)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace shiftadd::search

BENCHMARK_MAIN();
