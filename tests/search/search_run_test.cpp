#include "search/search_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "core/text_file.h"

namespace shiftadd::search {
namespace {
namespace fs = std::filesystem;

const std::string kSrc = SHIFTADD_SOURCE_DIR;

// A cost-only search (no supernet): minimum energy under a latency limit on the hybrid accelerator.
std::string cost_only_yaml(const std::string& strategy, double max_latency_ms, int generations,
                           const std::string& objectives = "[energy_uj]", const std::string& reference = "{energy_uj: 500}",
                           int64_t min_params = 1) {
  return "space: " + kSrc + "/configs/space/fmnist.yaml\nhw: " + kSrc + "/configs/hw/hybrid.yaml\nseed: 3\n" +
         "strategy: {impl: " + strategy + ", generations: " + std::to_string(generations) +
         ", population: 100, parents: 20, mutations: 50, crossovers: 50, mutation_prob: 0.3}\n" +
         "objectives: " + objectives + "\nconstraints: {max_latency_ms: " + std::to_string(max_latency_ms) +
         ", min_params: " + std::to_string(min_params) + ", max_tries: 500}\n" +
         "accuracy: {impl: none}\ncost: {impl: lut, lut: auto, lut_cache: " + std::string(SHIFTADD_BINARY_DIR) +
         "/test_lut_cache}\nexecutor: {impl: serial}\n" +
         "report: {front_max: 4, random_baseline: false, subnets: [], reference: " + reference + "}\n";
}

struct Fixture {
  explicit Fixture(const std::string& yaml) {
    dir = fs::path(SHIFTADD_BINARY_DIR) / "test_search" / ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "search.yaml") << yaml;
    cfg = load_search_config((dir / "search.yaml").string());
    space = load_space(cfg.space);
    codec = make_codec(space);
    strategy = strategy_registry().make(cfg.strategy.impl, cfg.strategy, cfg.objectives);
    executor = executor_registry().make(cfg.executor.impl, cfg.executor);
    accuracy = accuracy_registry().make("none", cfg.accuracy, "", 1);
    acc = std::make_unique<Accelerator>(load_accel_config(cfg.hw));
    const CostContext ctx{space, cfg.space, cfg.hw, *acc};
    cost = cost_registry().make("lut", cfg.cost, ctx);
  }
  SearchParts parts() { return {cfg, space, *codec, *strategy, *accuracy, *cost, *executor}; }
  fs::path dir;
  SearchConfig cfg;
  SearchSpace space;
  std::unique_ptr<ArchCodec> codec;
  std::unique_ptr<Strategy> strategy;
  std::unique_ptr<Executor> executor;
  std::unique_ptr<AccuracyEstimator> accuracy;
  std::unique_ptr<Accelerator> acc;
  std::unique_ptr<CostEvaluator> cost;
};

// Exhaustive minimum over all 39,312 fmnist subnets, through the same LUT.
double exhaustive_min_energy(Fixture& f, double max_latency_ms, int64_t min_params) {
  double best = std::numeric_limits<double>::infinity();
  Genome g(f.codec->genes(), 0);
  for (;;) {
    const Arch a = f.codec->decode(g);
    if (f.codec->encode(a) == g) {
      const CostMetrics c = f.cost->cost(a);
      if (c.latency_ms <= max_latency_ms && subnet_params(f.space, a) >= min_params) best = std::min(best, c.energy_uj);
    }
    size_t i = 0;
    while (i < g.size() && ++g[i] == f.codec->choices(i)) g[i++] = 0;
    if (i == g.size()) break;
  }
  return best;
}

TEST(SearchRun, EvolutionFindsTheExhaustiveOptimumOfACostOnlyObjective) {
  // The capacity floor makes it a knapsack: without it the smallest subnet wins every cost objective.
  const double limit_ms = 0.12;
  const int64_t min_params = 25000;
  Fixture f(cost_only_yaml("evolution", limit_ms, 15, "[energy_uj]", "{energy_uj: 500}", min_params));
  const double want = exhaustive_min_energy(f, limit_ms, min_params);
  ASSERT_TRUE(std::isfinite(want));
  SearchRun run(f.parts(), f.cfg.seed, (f.dir / "out").string(), false);
  std::ostringstream progress;
  run.run(progress, "evolution");
  const std::vector<int> front = run.front();
  ASSERT_EQ(front.size(), 1u);
  const Evaluated& best = run.state().archive[size_t(front[0])];
  EXPECT_DOUBLE_EQ(best.m.cost.energy_uj, want);
  EXPECT_LE(best.m.cost.latency_ms, limit_ms);
  EXPECT_GE(best.m.cost.params, min_params);
  EXPECT_LT(run.state().stats.evaluations, 12u * 39u * 84u / 5);  // found with a fraction of the space
  std::cout << "exhaustive optimum " << want << " uJ over 39312 subnets (latency <= " << limit_ms << " ms, params >= "
            << min_params << "); evolution found " << best.m.cost.energy_uj
            << " uJ (" << best.key << ") after " << run.state().stats.evaluations << " evaluations\n";
}

// Energy against latency: NSGA-II's front against the exact front of all 39,312 subnets.
TEST(SearchRun, Nsga2RecoversTheExhaustiveEnergyLatencyFront) {
  const int64_t min_params = 25000;
  Fixture f(cost_only_yaml("nsga2", 1.0, 30, "[energy_uj, latency_ms]", "{energy_uj: 500, latency_ms: 1.0}", min_params));
  std::vector<Point> all;
  Genome g(f.codec->genes(), 0);
  for (;;) {
    const Arch a = f.codec->decode(g);
    if (f.codec->encode(a) == g) {
      const CostMetrics c = f.cost->cost(a);
      if (subnet_params(f.space, a) >= min_params) all.push_back({c.energy_uj, c.latency_ms});
    }
    size_t i = 0;
    while (i < g.size() && ++g[i] == f.codec->choices(i)) g[i++] = 0;
    if (i == g.size()) break;
  }
  const Point ref{500, 1.0};
  const double exact = hypervolume(all, ref);
  std::set<Point> exact_front;  // 2-D sweep: sorted by energy, keep each new latency minimum
  std::sort(all.begin(), all.end());
  double best_latency = INFINITY;
  for (const Point& p : all)
    if (p[1] < best_latency) {
      exact_front.insert(p);
      best_latency = p[1];
    }
  SearchRun run(f.parts(), f.cfg.seed, (f.dir / "out").string(), false);
  std::ostringstream progress;
  run.run(progress, "nsga2");
  std::vector<Point> found;
  int hits = 0;
  for (int i : run.front()) {
    const CostMetrics& c = run.state().archive[size_t(i)].m.cost;
    found.push_back({c.energy_uj, c.latency_ms});
    hits += int(exact_front.count(found.back()));
  }
  const double hv = hypervolume(found, ref);
  std::cout << "exhaustive energy-latency front: " << exact_front.size() << " points, hypervolume " << exact
            << "; nsga2 (" << run.state().stats.evaluations << " evaluations) found " << hits << " of them, hypervolume "
            << hv << " (ratio " << hv / exact << ")\n";
  EXPECT_EQ(hits, int(found.size()));  // every searched front member is exactly optimal
  EXPECT_GE(hv / exact, 0.999);
}

TEST(SearchRun, ResumeAfterAKillMidGenerationGivesTheIdenticalJournalAndFront) {
  Fixture f(cost_only_yaml("nsga2", 0.2, 6));
  const std::string full = (f.dir / "full").string(), cut = (f.dir / "cut").string();
  std::ostringstream progress;
  SearchRun(f.parts(), 7, full, false).run(progress, "full");
  SearchRun(f.parts(), 7, cut, false).run(progress, "cut", 3);
  std::ofstream(cut + "/journal.jsonl", std::ios::app) << "{\"gen\":3,\"key\":\"half a li";  // killed mid-write
  SearchRun resumed(f.parts(), 7, cut, true);
  resumed.run(progress, "resumed");
  EXPECT_EQ(read_text_file(full + "/journal.jsonl"), read_text_file(cut + "/journal.jsonl"));
  EXPECT_EQ(read_text_file(full + "/checkpoint.json"), read_text_file(cut + "/checkpoint.json"));
  EXPECT_THROW(SearchRun(f.parts(), 8, cut, true), InputError);  // another seed cannot resume it
}

TEST(SearchRun, UnreachableLimitsNameTheBestValuesSeen) {
  Fixture f(cost_only_yaml("random", 1e-6, 2));
  SearchRun run(f.parts(), 1, (f.dir / "out").string(), false);
  try {
    run.check_reachable();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no subnet met the limits in 500 random draws"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("best seen: energy"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(f.dir / "out"));  // nothing written
}

TEST(SearchRun, EveryFrontMemberMeetsTheLimitAndNoArchitectureIsEvaluatedTwice) {
  Fixture f(cost_only_yaml("nsga2", 0.15, 4));
  SearchRun run(f.parts(), 2, (f.dir / "out").string(), false);
  std::ostringstream progress;
  run.run(progress, "nsga2");
  std::set<std::string> keys;
  for (const auto& e : run.state().archive) EXPECT_TRUE(keys.insert(e.key).second) << e.key;
  for (int i : run.front()) EXPECT_LE(run.state().archive[size_t(i)].m.cost.latency_ms, 0.15);
  EXPECT_NE(progress.str().find("nsga2 gen 4/4"), std::string::npos);
}

}  // namespace
}  // namespace shiftadd::search

namespace shiftadd::search {
namespace {

// fuzz_checkpoint's finding: a float where the checkpoint holds an integer was cast unchecked (UBSan).
TEST(SearchCheckpoint, AFloatWhereAnIntegerBelongsIsADataError) {
  const std::string dir = (std::filesystem::temp_directory_path() / "shiftadd_ckpt_float").string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/checkpoint.json")
      << R"({"format": "shiftadd-search-checkpoint-v2", "digest": "d", "seed": 1, "next_generation": 2, "population": [],
            "journal_bytes": 4.4e53, "stats": {"evaluations": 0, "rejected": 0, "duplicates": 0, "exhausted": 0,
            "immigrants": 0}})";
  std::ofstream(dir + "/journal.jsonl");
  try {
    load_checkpoint(dir + "/checkpoint.json", dir + "/journal.jsonl");
    FAIL() << "accepted";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("checkpoint.json: journal_bytes: expected an integer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shiftadd::search
