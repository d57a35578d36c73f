// Lookup tables: cover subnets enumerate every layer of sampled subnets; predictions equal
// whole-network simulation; JSON round trip is exact.
#include <gtest/gtest.h>

#include "models/space/arch_workload.h"
#include "sim/accel/lut.h"

namespace shiftadd {
namespace {

const std::string kSrc = SHIFTADD_SOURCE_DIR;

Lut build(const Accelerator& acc, const SearchSpace& sp) {
  Lut lut;
  lut.hw = acc.config().hw.name, lut.space = sp.name, lut.clock_mhz = acc.config().hw.clock_mhz;
  std::vector<workload::Network> nets;
  for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
  fill_lut(lut, acc, nets);
  return lut;
}

TEST(Lut, PredictionsEqualSimulationForSampledSubnets) {
  const Accelerator acc(load_accel_config("configs/hw/hybrid.yaml"), "analytic");
  for (const char* name : {"fmnist", "freedict", "cv_imagenet"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    const Lut lut = build(acc, sp);
    Rng rng(3);
    for (int i = 0; i < 10; ++i) {
      const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
      const LayerCost p = predict(lut, net);
      const NetReport r = acc.simulate(net);
      EXPECT_EQ(p.cycles, r.total.cycles) << name;
      EXPECT_DOUBLE_EQ(p.energy.total_pj(), r.total.energy.total_pj()) << name;
      const QuickCost q = predict(compile_prediction(lut, net));
      EXPECT_EQ(q.cycles, p.cycles) << name;
      EXPECT_NEAR(q.energy_pj, p.energy.total_pj(), 1e-9 * p.energy.total_pj()) << name;
    }
  }
}

TEST(Lut, ArchCostTableEqualsNetworkPrediction) {
  const Accelerator acc(load_accel_config("configs/hw/hybrid.yaml"), "analytic");
  for (const char* name : {"fmnist", "freedict", "cv_imagenet", "nlp_wmt"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    const Lut lut = build(acc, sp);
    const ArchCostTable table(lut, sp);
    Rng rng(11);
    for (int i = 0; i < 20; ++i) {
      const Arch a = sample_arch(sp, rng);
      const LayerCost p = predict(lut, arch_to_network(sp, a));
      const QuickCost q = table.predict(a);
      EXPECT_EQ(q.cycles, p.cycles) << name;
      EXPECT_NEAR(q.energy_pj, p.energy.total_pj(), 1e-9 * p.energy.total_pj()) << name;
    }
  }
}

TEST(Lut, JsonRoundTripIsExactAndMissingKeysAreNamed) {
  const Accelerator acc(load_accel_config("configs/hw/tpu_32x32.yaml"), "analytic");
  const SearchSpace sp = load_space(kSrc + "/configs/space/fmnist.yaml");
  const Lut lut = build(acc, sp);
  const Lut back = lut_from_json(lut_to_json(lut), "mem");
  ASSERT_EQ(back.entries.size(), lut.entries.size());
  Rng rng(5);
  const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
  EXPECT_EQ(predict(back, net).energy.total_pj(), predict(lut, net).energy.total_pj());
  Lut empty = lut;
  empty.entries.clear();
  try {
    predict(empty, net);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no entry for layer 'stem.conv'"), std::string::npos) << e.what();
  }
}

TEST(Lut, SecondFillReusesEveryEntry) {
  const Accelerator acc(load_accel_config("configs/hw/eyeriss_168.yaml"), "analytic");
  const SearchSpace sp = load_space(kSrc + "/configs/space/freedict.yaml");
  Lut lut = build(acc, sp);
  std::vector<workload::Network> nets;
  for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
  EXPECT_EQ(fill_lut(lut, acc, nets), 0);
}

}  // namespace
}  // namespace shiftadd
