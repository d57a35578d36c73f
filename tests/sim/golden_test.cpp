// Golden regression of `shiftadd sim` stats (cycles, events, energy, result checksum) for a fixed set
// of jobs. Tolerance: integers, strings and checksums exact; floating-point values within a relative
// 1e-9 (they are sums of products of the tech table's decimals). Regenerate only on purpose:
//   SHIFTADD_UPDATE_GOLDEN=1 ./test_sim --gtest_filter='Golden.*'
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/rng.h"
#include "sim/array_sim.h"
#include "tests/sim/sim_session.h"
#include "cost/energy.h"
#include "cost/gemm_report.h"
#include "cost/hw_config.h"
#include "cost/random_job.h"
#include "cost/tech_table.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

constexpr double kRelTol = 1e-9;

struct GoldenCase {
  const char* config;
  PeKind pe;
  Dataflow df;
  int64_t M, K, N;
  uint64_t seed;
  bool extreme, timing_only;
};

nlohmann::json run_case(const GoldenCase& g) {
  const HwConfig cfg = load_hw_config(g.config);
  const TechTable tech = load_tech_table(cfg.tech_path);
  ArraySpec s = find_array(cfg, g.pe);
  s.dataflow = g.df;
  Rng rng(g.seed);
  const GemmJob job = g.extreme ? extreme_gemm_job(s, g.M, g.K, g.N, rng) : random_gemm_job(s, g.M, g.K, g.N, rng);
  ArraySim& sim = testutil::sim_session();
  sim.set_clock_mhz(cfg.clock_mhz);
  const ArrayRunResult r = sim.run(s, job, g.timing_only);
  const EnergyBreakdown e = array_energy(array_event_costs(tech, s), r.events);
  return gemm_stats_json({cfg.file, tech.file, cfg.clock_mhz, g.timing_only}, s, job, r, e);
}

// Returns "" if equal within tolerance, else the path of the first difference.
std::string diff(const nlohmann::json& got, const nlohmann::json& want, const std::string& path) {
  if (got.is_number_float() || want.is_number_float()) {
    if (!got.is_number() || !want.is_number()) return path;
    const double a = got.get<double>(), b = want.get<double>();
    return std::fabs(a - b) <= kRelTol * std::max(std::fabs(a), std::fabs(b)) + 1e-12 ? "" : path;
  }
  if (got.is_number() && want.is_number())  // parsed files hold unsigned, built values signed integers
    return got.get<int64_t>() == want.get<int64_t>() ? "" : path;
  if (got.type() != want.type()) return path;
  if (got.is_object()) {
    if (got.size() != want.size()) return path + " (keys differ)";
    for (const auto& [k, v] : want.items()) {
      if (!got.contains(k)) return path + "." + k;
      if (auto d = diff(got[k], v, path + "." + k); !d.empty()) return d;
    }
    return "";
  }
  if (got.is_array()) {
    if (got.size() != want.size()) return path + " (length differs)";
    for (size_t i = 0; i < got.size(); ++i)
      if (auto d = diff(got[i], want[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
    return "";
  }
  return got == want ? "" : path;
}

TEST(Golden, SimGemmStatsMatchCheckedInValues) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const std::vector<GoldenCase> cases = {
      {"configs/hw/default.yaml", PeKind::kMult, Dataflow::kWS, 40, 37, 21, 1, false, false},
      {"configs/hw/default.yaml", PeKind::kShift, Dataflow::kOS, 33, 20, 17, 2, false, false},
      {"configs/hw/default.yaml", PeKind::kAdd, Dataflow::kWS, 5, 64, 40, 3, false, false},
      {"configs/hw/default.yaml", PeKind::kMult, Dataflow::kOS, 256, 256, 256, 4, false, true},
      {"configs/hw/xcheck_4x4_narrow.yaml", PeKind::kMult, Dataflow::kWS, 9, 30, 7, 5, true, false},
      {"configs/hw/xcheck_4x4_narrow.yaml", PeKind::kShift, Dataflow::kOS, 6, 25, 5, 6, true, false},
      {"configs/hw/xcheck_4x4_narrow.yaml", PeKind::kAdd, Dataflow::kOS, 1, 50, 1, 7, true, false},
      {"configs/hw/xcheck_8x5.yaml", PeKind::kShift, Dataflow::kWS, 17, 19, 11, 8, false, false},
  };
  nlohmann::json got = nlohmann::json::array();
  for (const GoldenCase& g : cases) got.push_back(run_case(g));
  const std::string path = testutil::src_path("tests/golden/sim_gemm_stats.json");
  const char* update = std::getenv("SHIFTADD_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    nlohmann::json file = {{"tolerance", "integers/strings exact; floats relative 1e-9"}, {"cases", got}};
    std::ofstream(path) << file.dump(2) << "\n";
    GTEST_SKIP() << "golden file rewritten: " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing " << path << " (generate with SHIFTADD_UPDATE_GOLDEN=1)";
  const nlohmann::json want = nlohmann::json::parse(in)["cases"];
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(diff(got[i], want[i], "cases[" + std::to_string(i) + "]"), "");
}

TEST(Golden, TextReportShowsCyclesEventsAndEnergy) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const std::string text = gemm_stats_text(
      run_case({"configs/hw/default.yaml", PeKind::kMult, Dataflow::kWS, 40, 37, 21, 1, false, false}));
  for (const char* line : {"cycles       compute 516  total 516  folds 6", "latency_ns   2064.000 at 250 MHz",
                           "  pe_ops               31080", "  op_energy_pj.mult", "  total_energy_pj", "c_checksum"})
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
}

TEST(Golden, DiffDetectsChanges) {
  const nlohmann::json a = {{"x", 1}, {"y", 1.0}, {"z", "s"}};
  EXPECT_EQ(diff(a, a, ""), "");
  EXPECT_EQ(diff({{"x", 1}, {"y", 1.0 + 1e-12}, {"z", "s"}}, a, ""), "");
  EXPECT_EQ(diff({{"x", 2}, {"y", 1.0}, {"z", "s"}}, a, ""), ".x");
  EXPECT_EQ(diff({{"x", 1}, {"y", 1.001}, {"z", "s"}}, a, ""), ".y");
}

}  // namespace
}  // namespace shiftadd
