#include "search/dse/dse_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "tests/search/dse/dse_test_util.h"

namespace shiftadd::search {
namespace {
namespace fs = std::filesystem;

std::string write(const std::string& yaml) {
  const fs::path dir = fs::path(SHIFTADD_BINARY_DIR) / "test_dse_config";
  fs::create_directories(dir);
  const fs::path p = dir / (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".yaml");
  std::ofstream(p) << yaml;
  return p.string();
}

std::string error_of(const std::string& yaml) {
  try {
    load_dse_config(write(yaml));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(DseConfig, RangesExpandAndTheGridCoversTheSpace) {
  const DseConfig c = load_dse_config(write(test::small_dse_yaml()));
  EXPECT_EQ(c.space.arrays[0].rows, (std::vector<int>{8, 16, 32}));  // {min: 8, max: 32, factor: 2}
  EXPECT_EQ(c.space.arrays.size(), 3u);
  EXPECT_EQ(c.workloads.size(), 2u);
  EXPECT_DOUBLE_EQ(c.workloads[1].weight, 0.5);
  // 3 rows x 2 cols x 2 dataflows x 2 (shift present) x 3 weight sizes = 72 designs, 16 per generation.
  EXPECT_EQ(c.strategy.generations, 5);
  EXPECT_EQ(c.strategy.population, 16);
}

TEST(DseConfig, DigestIgnoresTheExecutorButNotTheSpace) {
  const std::string a = dse_digest(load_dse_config(write(test::small_dse_yaml())));
  std::string threads = test::small_dse_yaml();
  threads.replace(threads.find("{impl: serial}"), 14, "{impl: threads, threads: 2}");
  EXPECT_EQ(dse_digest(load_dse_config(write(threads))), a);
  EXPECT_NE(dse_digest(load_dse_config(write(test::small_dse_yaml("{impl: grid, population: 16}", "[1, 16]")))), a);
}

TEST(DseConfig, BadInputNamesTheKey) {
  std::string y = test::small_dse_yaml();
  EXPECT_NE(error_of(y.replace(y.find("rows: {min: 8, max: 32"), 22, "rows: {min: 32, max: 8")).find("range min 32 is greater than max 8"),
            std::string::npos);
  y = test::small_dse_yaml();
  EXPECT_NE(error_of(y.replace(y.find("weight: 0.5"), 11, "weight: 0")).find("expected a weight > 0, got 0"), std::string::npos);
  y = test::small_dse_yaml();
  EXPECT_NE(error_of(y.replace(y.find("weight: 0.5"), 11, "weight: -2")).find("workloads[1].weight"), std::string::npos);
  EXPECT_NE(error_of(test::small_dse_yaml("{impl: grid, population: 16}", "[1]", "  rowz: [3]\n")).find("rowz"),
            std::string::npos);
  EXPECT_NE(error_of(test::small_dse_yaml("{impl: evolution, generations: 2, population: 4, parents: 2, mutations: 2, "
                                          "crossovers: 2, mutation_prob: 0.3}")).find("strategy.impl"),
            std::string::npos);
  y = test::small_dse_yaml();
  EXPECT_NE(error_of(y.replace(y.find("[energy_uj, latency_ms, area_mm2]"), 33, "[accuracy, energy_uj]")).find("a design has no accuracy"),
            std::string::npos);
}

}  // namespace
}  // namespace shiftadd::search
