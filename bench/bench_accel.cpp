// bench_accel: whole-network timing simulation, LUT construction and LUT cost predictions.
// Run from the repo root (configs are read by relative path): build/bench/bench_accel
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "workload/space/arch_workload.h"
#include "workload/trace.h"
#include "cost/accel/lut.h"
#include "models/parallel.h"
#include "sim/array_sim.h"
#include "sim/systemc_backend.h"

namespace shiftadd {
namespace {

// ResNet-50 on the 32x32 TPU-like array, array model timing-only through the SystemC session.
void BM_ResNet50_Tpu32_SystemC(benchmark::State& st) {
  const workload::Network net = workload::load_workload("traces/resnet50.yaml");
  static ArraySim session;  // the benchmark process's one SystemC session
  const Accelerator acc(load_accel_config("configs/hw/tpu_32x32.yaml"), make_systemc_backend(session));
  for (auto _ : st) benchmark::DoNotOptimize(acc.simulate(net).total.cycles);
}
BENCHMARK(BM_ResNet50_Tpu32_SystemC)->Unit(benchmark::kMillisecond);

// The full cv_imagenet LUT on the hybrid accelerator, from scratch (TBB over the distinct layers).
void BM_Lut_CvImagenet_Hybrid(benchmark::State& st) {
  const SearchSpace sp = load_space("configs/space/cv_imagenet.yaml");
  const Accelerator acc(load_accel_config("configs/hw/hybrid.yaml"));
  for (auto _ : st) {
    std::vector<workload::Network> nets;
    for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
    Lut lut;
    lut.rule = acc.residency();  // every residency context, as `shiftadd lut` builds it
    benchmark::DoNotOptimize(fill_lut(lut, acc, nets, nn::tbb_index_loop));
  }
}
BENCHMARK(BM_Lut_CvImagenet_Hybrid)->Unit(benchmark::kMillisecond);

struct Fixture {
  SearchSpace sp = load_space("configs/space/cv_imagenet.yaml");
  Accelerator acc{load_accel_config("configs/hw/hybrid.yaml")};
  Lut lut;
  std::vector<Arch> archs;
  Fixture() {
    std::vector<workload::Network> nets;
    for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
    lut.rule = acc.residency();
    fill_lut(lut, acc, nets);
    Rng rng(1);
    for (int i = 0; i < 256; ++i) archs.push_back(sample_arch(sp, rng));
  }
};

// Subnet -> network -> keyed lookups (what `shiftadd cost` does).
void BM_LutPredict_FromArch(benchmark::State& st) {
  static const Fixture f;
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(predict(f.lut, arch_to_network(f.sp, f.archs[i++ % f.archs.size()])).cycles);
  st.SetItemsProcessed(int64_t(st.iterations()));
}
BENCHMARK(BM_LutPredict_FromArch);

// Predictions from compiled subnets (entries resolved once).
void BM_LutPredict_Compiled(benchmark::State& st) {
  static const Fixture f;
  std::vector<CompiledPrediction> plans;
  for (const Arch& a : f.archs) plans.push_back(compile_prediction(f.lut, arch_to_network(f.sp, a)));
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(predict(plans[i++ % plans.size()]).cycles);
  st.SetItemsProcessed(int64_t(st.iterations()));
}
BENCHMARK(BM_LutPredict_Compiled);

// Predictions straight from a subnet's choices (per-block table, no expansion).
void BM_LutPredict_ArchTable(benchmark::State& st) {
  static const Fixture f;
  const ArchCostTable table(f.lut, f.sp);
  size_t i = 0;
  for (auto _ : st) benchmark::DoNotOptimize(table.predict(f.archs[i++ % f.archs.size()]).cycles);
  st.SetItemsProcessed(int64_t(st.iterations()));
}
BENCHMARK(BM_LutPredict_ArchTable);

}  // namespace
}  // namespace shiftadd

BENCHMARK_MAIN();
