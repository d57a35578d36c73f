// Lookup tables: cover subnets enumerate every layer (in every residency context) of sampled
// subnets; predictions equal whole-network simulation where the only difference (branch
// scheduling) cannot act, and stay within a stated bound where it can; JSON round trip is exact.
#include <gtest/gtest.h>

#include "workload/space/arch_workload.h"
#include "cost/accel/lut.h"

namespace shiftadd {
namespace {

const std::string kSrc = SHIFTADD_SOURCE_DIR;

Lut build(const Accelerator& acc, const SearchSpace& sp) {
  Lut lut;
  lut.hw = acc.config().hw.name, lut.space = sp.name, lut.clock_mhz = acc.config().hw.clock_mhz;
  lut.rule = acc.residency();
  std::vector<workload::Network> nets;
  for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
  fill_lut(lut, acc, nets);
  return lut;
}

// Keeps the blocks with at most one non-empty branch: no concurrency, so the simulator's schedule
// is the serial sum and the context-aware LUT must match it exactly.
workload::Network single_branch_only(const workload::Network& net) {
  workload::Network out = net;
  out.blocks.clear();
  for (const workload::Block& b : net.blocks) {
    int nonempty = 0;
    for (const workload::Branch& br : b.branches) nonempty += !br.layers.empty();
    if (nonempty <= 1) out.blocks.push_back(b);
  }
  return out;
}

TEST(Lut, ContextLutEqualsSimulationOnSingleBranchNetworks) {
  for (const char* hw : {"configs/hw/hybrid.yaml", "configs/hw/tpu_32x32.yaml"}) {
    const Accelerator acc(load_accel_config(hw));
    for (const char* name : {"fmnist", "freedict", "cv_imagenet"}) {
      const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
      Rng rng(3);
      std::vector<workload::Network> nets;
      for (int i = 0; i < 10; ++i) nets.push_back(single_branch_only(arch_to_network(sp, sample_arch(sp, rng))));
      Lut lut;
      lut.rule = acc.residency();
      fill_lut(lut, acc, nets);
      for (const workload::Network& net : nets) {
        const LayerCost p = predict(lut, net);
        const NetReport r = acc.simulate(net);
        EXPECT_EQ(p.cycles, r.total.cycles) << name << " " << hw;
        EXPECT_DOUBLE_EQ(p.energy.total_pj(), r.total.energy.total_pj()) << name << " " << hw;
        EXPECT_EQ(p.dram_bytes, r.total.dram_bytes) << name << " " << hw;
        const QuickCost q = predict(compile_prediction(lut, net));
        EXPECT_EQ(q.cycles, p.cycles) << name;
        EXPECT_NEAR(q.energy_pj, p.energy.total_pj(), 1e-9 * p.energy.total_pj()) << name;
      }
    }
  }
}

// With concurrent branches the LUT keeps the ideal overlap bound while the simulator schedules
// with contention: energy still matches exactly; latency within 10% (docs/validation.md has the
// measured distribution), and never above the serial sum of the simulated layers.
TEST(Lut, ContextLutIsWithinBoundOnHybridSubnets) {
  const Accelerator acc(load_accel_config("configs/hw/hybrid.yaml"));
  for (const char* name : {"fmnist", "freedict", "cv_imagenet"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    const Lut lut = build(acc, sp);
    Rng rng(3);
    for (int i = 0; i < 10; ++i) {
      const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
      const LayerCost p = predict(lut, net);
      const NetReport r = acc.simulate(net);
      EXPECT_NEAR(double(p.cycles), double(r.total.cycles), 0.10 * double(r.total.cycles)) << name;
      EXPECT_DOUBLE_EQ(p.energy.total_pj(), r.total.energy.total_pj()) << name;
      const QuickCost q = predict(compile_prediction(lut, net));
      EXPECT_EQ(q.cycles, p.cycles) << name;
      EXPECT_NEAR(q.energy_pj, p.energy.total_pj(), 1e-9 * p.energy.total_pj()) << name;
    }
  }
}

TEST(Lut, PlainTableMissesTheReuseThatTheContextTableCaptures) {
  const Accelerator acc(load_accel_config("configs/hw/tpu_32x32.yaml"));
  const SearchSpace sp = load_space(kSrc + "/configs/space/fmnist.yaml");
  Lut ctx = build(acc, sp), plain = ctx;
  plain.rule = ResidencyRule{};
  Rng rng(7);
  const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
  fill_lut(plain, acc, {net});
  const LayerCost c = predict(ctx, net), p = predict(plain, net);
  EXPECT_LT(c.dram_bytes, p.dram_bytes);  // fmnist activations fit on chip
  EXPECT_LT(c.energy.dram_pj, p.energy.dram_pj);
  EXPECT_LE(c.cycles, p.cycles);
}

TEST(Lut, ArchCostTableEqualsNetworkPrediction) {
  const Accelerator acc(load_accel_config("configs/hw/hybrid.yaml"));
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
  const Accelerator acc(load_accel_config("configs/hw/tpu_32x32.yaml"));
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

TEST(Lut, AFloatWhereACountBelongsIsRefusedNotCast) {
  nlohmann::json j = nlohmann::json::parse(R"({"format": "shiftadd-lut-2", "hw": "h", "hw_file": "h.yaml", "space": "s",
    "clock_mhz": 250, "residency": {"capacity_bytes": 0, "act_bytes": 1},
    "entries": {"k": {"cycles": 1e300, "compute_cycles": 0, "vector_cycles": 0, "dram_cycles": 0, "pe_ops": 0,
                      "dram_bytes": 0, "arrays_mask": 0, "busy": [0, 0, 0, 0, 0, 0, 0, 0, 0], "op_pj": {}, "rf_pj": 0,
                      "array_pj": 0, "sram_pj": 0, "dram_pj": 0, "vector_pj": 0}}})");
  try {
    lut_from_json(j, "bad.json");
    FAIL() << "accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json: entries.k.cycles: expected an integer"), std::string::npos) << e.what();
  }
}

TEST(Lut, SecondFillReusesEveryEntry) {
  const Accelerator acc(load_accel_config("configs/hw/eyeriss_168.yaml"));
  const SearchSpace sp = load_space(kSrc + "/configs/space/freedict.yaml");
  Lut lut = build(acc, sp);
  std::vector<workload::Network> nets;
  for (const Arch& a : cover_archs(sp)) nets.push_back(arch_to_network(sp, a));
  EXPECT_EQ(fill_lut(lut, acc, nets), 0);
}

}  // namespace
}  // namespace shiftadd
