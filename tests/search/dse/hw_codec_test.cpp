#include "search/dse/hw_space.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cost/accel/accelerator.h"
#include "workload/trace.h"
#include "search/dse/dse_config.h"
#include "tests/search/dse/dse_test_util.h"

namespace shiftadd::search {
namespace {
namespace fs = std::filesystem;

DseConfig small() {
  const fs::path p = fs::path(SHIFTADD_BINARY_DIR) / "test_hw_codec.yaml";
  std::ofstream(p) << test::small_dse_yaml();
  return load_dse_config(p.string());
}

TEST(HwCodec, KeysIgnoreTheGenesOfAbsentArrays) {
  const DseConfig c = small();
  const HwCodec codec(c.space);
  // mult 3 rows x 2 cols x 2 dataflows, shift absent or 16x16, weight buffer 1/16/64 KB.
  EXPECT_EQ(codec.genomes(), 72.0);
  EXPECT_EQ(codec.designs(), 72.0);
  std::set<std::string> keys;
  Genome g(codec.genes(), 0);
  for (double n = 0; n < codec.genomes(); ++n) {  // mixed-radix walk over the whole grid
    EXPECT_TRUE(codec.canonical(g));  // the absent arrays have one size each
    keys.insert(codec.key(g));
    for (size_t i = 0; i < g.size() && ++g[i] == codec.choices(i); ++i) g[i] = 0;
  }
  EXPECT_EQ(keys.size(), 72u);  // the add array is never present, so no two designs share a key
}

TEST(HwCodec, AnAbsentArrayIsOneDesignWhateverItsSizeGenes) {
  std::string yaml = test::small_dse_yaml();
  yaml.replace(yaml.find("{pe: shift, present: [false, true], rows: [16]"), 46, "{pe: shift, present: [false, true], rows: [16, 32]");
  const fs::path p = fs::path(SHIFTADD_BINARY_DIR) / "test_hw_codec_absent.yaml";
  std::ofstream(p) << yaml;
  const DseConfig c = load_dse_config(p.string());
  const HwCodec codec(c.space);
  EXPECT_EQ(codec.genomes(), 144.0);
  EXPECT_EQ(codec.designs(), 3.0 * 2 * 2 * (1 + 2) * 3);  // shift: absent, 16x16 or 32x16
  std::set<std::string> keys;
  int canonical = 0;
  Genome g(codec.genes(), 0);
  for (double n = 0; n < codec.genomes(); ++n) {
    keys.insert(codec.key(g));
    canonical += codec.canonical(g);
    for (size_t i = 0; i < g.size() && ++g[i] == codec.choices(i); ++i) g[i] = 0;
  }
  EXPECT_EQ(double(keys.size()), codec.designs());
  EXPECT_EQ(double(canonical), codec.designs());
}

TEST(HwCodec, DecodedDesignsRoundTripThroughTheirYamlAndCostTheSame) {
  const DseConfig c = small();
  const HwCodec codec(c.space);
  Rng rng(5);
  int valid = 0, invalid = 0;
  for (int t = 0; t < 30; ++t) {
    const Genome g = codec.random(rng);
    std::string reason;
    const AccelConfig cfg = codec.decode(g, reason);
    if (!reason.empty()) {
      // Only the 1 KB weight buffer under a 32-wide mult array is too small in this space.
      EXPECT_NE(reason.find("buffer too small for any tile"), std::string::npos) << reason;
      EXPECT_DOUBLE_EQ(cfg.weight.size_kb, 1.0);
      ++invalid;
      continue;
    }
    ++valid;
    const AccelConfig back = parse_accel_config(accel_config_yaml(cfg), "roundtrip.yaml");
    EXPECT_EQ(accel_config_yaml(back), accel_config_yaml(cfg));
    const workload::Network net = workload::load_workload("traces/shiftaddnas_t0.yaml");
    const NetReport a = Accelerator(cfg).simulate(net), b = Accelerator(back).simulate(net);
    EXPECT_EQ(a.total.cycles, b.total.cycles);
    EXPECT_EQ(a.total.energy.total_pj(), b.total.energy.total_pj());
  }
  EXPECT_GT(valid, 0);
  EXPECT_GT(invalid, 0);
}

}  // namespace
}  // namespace shiftadd::search
