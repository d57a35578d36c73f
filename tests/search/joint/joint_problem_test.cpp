#include "search/joint/joint_problem.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "cost/accel/lut.h"
#include "search/search_config.h"

namespace shiftadd::search {
namespace {

// The hardware space of one design, hybrid itself (configs/hw/hybrid.yaml, field for field).
std::string hybrid_only(const std::string& shift_rows = "[16]") {
  return "base: configs/hw/hybrid.yaml\nname: hybrid\narrays:\n"
         "  - {pe: mult, present: [true], rows: [16], cols: [16], dataflow: [ws]}\n"
         "  - {pe: shift, present: [true], rows: " + shift_rows + ", cols: [16], dataflow: [ws]}\n"
         "  - {pe: add, present: [true], rows: [16], cols: [16], dataflow: [ws]}\n"
         "a_bits: [8]\nw_bits: [8]\nacc_bits: [32]\nclock_mhz: [250]\n"
         "buffers:\n  ifmap: {size_kb: [128], banks: [8], bandwidth_words_per_cycle: [48]}\n"
         "  weight: {size_kb: [64], banks: [4], bandwidth_words_per_cycle: [48]}\n"
         "  ofmap: {size_kb: [64], banks: [4], bandwidth_words_per_cycle: [96]}\n"
         "dram_bandwidth_gb_s: [8]\nvector_lanes: [16]\n";
}

struct NoAccuracy : AccuracyEstimator {
  std::string metric() const override { return "none"; }
  int workers() const override { return 1; }
  const SearchSpace* space() const override { return nullptr; }
  double score(int, const Arch&) override { return 0; }
  double test_score(const Arch&) override { return 0; }
};

TEST(JointProblem, OneAcceleratorEqualToHybridCostsWhatTheHybridLutPredicts) {
  const SearchSpace space = load_space("configs/space/fmnist.yaml");
  const auto codec = make_codec(space);
  NoAccuracy acc;
  const HwSpace hw = parse_hw_space(YamlNode::load_string(hybrid_only(), "hybrid_only.yaml"));
  JointProblem p(space, *codec, acc, hw);
  const Accelerator hybrid(load_accel_config("configs/hw/hybrid.yaml"));
  Lut lut = lut_header(hybrid, space, "configs/hw/hybrid.yaml", "configs/space/fmnist.yaml");
  fill_space_lut(lut, hybrid, space);
  const ArchCostTable table(lut, space);
  Rng rng(4);
  for (int t = 0; t < 20; ++t) {
    const Genome g = p.random(rng);
    ASSERT_TRUE(p.genes().valid(g));
    const Arch a = p.arch(g);
    const QuickCost q = table.predict(a);
    const CostMetrics c = p.precost(g);
    EXPECT_EQ(c.cycles, q.cycles) << arch_key(a, space);
    EXPECT_NEAR(c.energy_uj, q.energy_pj * 1e-6, 1e-9 * c.energy_uj);
    EXPECT_NEAR(c.area_mm2, 2.292592, 1e-6);  // `shiftadd sim --net` reports hybrid's area as 2.292592 mm2
    EXPECT_NE(p.key(g).find(" @ mult:ws16x16 shift:ws16x16 add:ws16x16 a8 w8 acc32 250MHz"), std::string::npos);
  }
  EXPECT_EQ(p.stats().accelerators, 1);
}

TEST(JointProblem, AcceleratorsDifferingInAnArrayALayerDoesNotUseShareThatLayersCost) {
  const SearchSpace space = load_space("configs/space/fmnist.yaml");
  const auto codec = make_codec(space);
  NoAccuracy acc;
  const HwSpace hw = parse_hw_space(YamlNode::load_string(hybrid_only("[8, 16]"), "two.yaml"));
  JointProblem p(space, *codec, acc, hw);
  Genome small = p.random(*std::make_unique<Rng>(1)), big = small;
  const size_t shift_rows = codec->genes() + 5;  // hw genes: mult (4), then shift: present, rows, ...
  small[shift_rows] = 0;
  big[shift_rows] = 1;
  p.precost(small);
  const JointStats first = p.stats();
  p.precost(big);
  const JointStats second = p.stats();
  EXPECT_EQ(second.accelerators, 2);
  // Conv, attention and add layers and the vector work do not run on the shift array: the second
  // accelerator's LUT reuses their costs and computes only the shift layers'.
  EXPECT_GT(second.layer_hits - first.layer_hits, 0);
  EXPECT_LT(second.layer_misses - first.layer_misses, first.layer_misses);
}

TEST(JointSearchConfig, HardwareExcludesHwAndCostAndAreaNeedsIt) {
  namespace fs = std::filesystem;
  const fs::path p = fs::path(SHIFTADD_BINARY_DIR) / "test_joint_cfg.yaml";
  std::string base = "space: configs/space/fmnist.yaml\nseed: 1\n"
                     "strategy: {impl: random, generations: 1, population: 4, parents: 2, mutations: 2, crossovers: 2, mutation_prob: 0.3}\n"
                     "constraints: {max_tries: 10}\naccuracy: {impl: none}\nexecutor: {impl: serial}\n"
                     "report: {front_max: 1, random_baseline: false, subnets: [], reference: {energy_uj: 100}}\n";
  auto error = [&](const std::string& yaml) {
    std::ofstream(p) << yaml;
    try {
      load_search_config(p.string());
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string hwspace = "hardware:\n";
  for (size_t i = 0, j; i < hybrid_only().size(); i = j + 1) {
    j = hybrid_only().find('\n', i);
    hwspace += "  " + hybrid_only().substr(i, j - i + 1);
  }
  EXPECT_EQ(error(base + "objectives: [energy_uj]\n" + hwspace), "no error");
  EXPECT_NE(error(base + "objectives: [energy_uj]\nhw: configs/hw/hybrid.yaml\n" + hwspace).find("remove hw:"), std::string::npos);
  EXPECT_NE(error(base + "objectives: [energy_uj]\ncost: {impl: lut, lut: auto, lut_cache: runs/cache}\n" + hwspace)
                .find("remove cost:"), std::string::npos);
  EXPECT_NE(error(base + "objectives: [area_mm2]\nhw: configs/hw/hybrid.yaml\ncost: {impl: lut, lut: auto, lut_cache: runs/cache}\n")
                .find("area_mm2 is an objective of a joint search only"), std::string::npos);
}

}  // namespace
}  // namespace shiftadd::search
