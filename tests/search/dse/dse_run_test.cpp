#include "search/dse/dse_problem.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text_file.h"
#include "search/run_loop.h"
#include "tests/search/dse/dse_test_util.h"

namespace shiftadd::search {
namespace {
namespace fs = std::filesystem;

struct Dse {
  explicit Dse(const std::string& yaml, const std::string& tag = "") {
    dir = fs::path(SHIFTADD_BINARY_DIR) / "test_dse" /
          (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "dse.yaml") << yaml;
    cfg = load_dse_config((dir / "dse.yaml").string());
    nets = load_dse_workloads(cfg);
    problem = std::make_unique<DseProblem>(cfg.space, nets);
    strategy = strategy_registry().make(cfg.strategy.impl, cfg.strategy, cfg.objectives);
  }
  RunLoop loop(const std::string& out, bool resume, const std::string& executor = "serial") {
    exec = executor_registry().make(executor, ExecutorSpec{executor, 2});
    return RunLoop(RunSpec{cfg.file, dse_digest(cfg), cfg.strategy, cfg.objectives, cfg.constraints, cfg.reference},
                   *problem, *strategy, *exec, cfg.seed, (dir / out).string(), resume);
  }
  fs::path dir;
  DseConfig cfg;
  std::vector<DseNetwork> nets;
  std::unique_ptr<DseProblem> problem;
  std::unique_ptr<Strategy> strategy;
  std::unique_ptr<Executor> exec;
};

std::ostringstream quiet;

TEST(DseRun, GridEvaluatesEveryDesignOnceAndScoresInvalidOnesWithTheirReason) {
  Dse d(test::small_dse_yaml());
  RunLoop run = d.loop("out", false);
  run.run(quiet, "grid");
  const SearchState& s = run.state();
  EXPECT_EQ(s.stats.evaluations + s.stats.rejected, 72);
  EXPECT_EQ(s.stats.rejected, 0);  // every design is under 10 mm2
  int invalid = 0;
  for (const Evaluated& e : s.archive)
    if (!e.m.invalid.empty()) {
      ++invalid;  // a 32x32 mult array needs a 2 KB weight buffer
      EXPECT_NE(e.key.find("mult:ws32x32"), e.key.find("mult:os32x32"));
      EXPECT_NE(e.key.find("w1KB"), std::string::npos) << e.key;
      EXPECT_NE(e.m.invalid.find("buffer too small for any tile"), std::string::npos);
      EXPECT_EQ(e.violation, kInvalidViolation);
    } else {
      EXPECT_GT(e.m.cost.energy_uj, 0);
      EXPECT_GT(e.m.cost.area_mm2, 0);
    }
  EXPECT_EQ(invalid, 4);  // 2 dataflows x shift present or not
  for (int i : run.front()) EXPECT_TRUE(s.archive[size_t(i)].m.invalid.empty());
}

TEST(DseRun, Nsga2ReachesTheGridsHypervolumeOnASmallSpace) {
  Dse grid(test::small_dse_yaml(), "_grid");
  RunLoop g = grid.loop("out", false);
  g.run(quiet, "grid");
  Dse evo(test::small_dse_yaml("{impl: nsga2, generations: 8, population: 12, parents: 6, mutations: 6, crossovers: 6, "
                               "mutation_prob: 0.3}"), "_nsga2");
  RunLoop n = evo.loop("out", false);
  n.run(quiet, "nsga2");
  const double hv_grid = g.state().history.back().hypervolume, hv = n.state().history.back().hypervolume;
  EXPECT_GT(hv_grid, 0);
  EXPECT_LE(hv, hv_grid * (1 + 1e-12));  // the grid is exhaustive
  EXPECT_GT(hv, 0.95 * hv_grid) << "NSGA-II evaluated " << n.state().stats.evaluations << " of 72 designs";
}

TEST(DseRun, ResumeAfterAStopAndAnyWorkerCountGiveTheIdenticalFiles) {
  const std::string yaml = test::small_dse_yaml("{impl: nsga2, generations: 5, population: 10, parents: 4, "
                                                "mutations: 5, crossovers: 5, mutation_prob: 0.3}");
  Dse d(yaml);
  d.loop("full", false).run(quiet, "full");
  d.loop("cut", false).run(quiet, "cut", 2);  // as if killed after the second generation's checkpoint
  d.loop("cut", true, "threads").run(quiet, "resumed");
  for (const char* f : {"journal.jsonl", "checkpoint.json"})
    EXPECT_EQ(read_text_file((d.dir / "full" / f).string()), read_text_file((d.dir / "cut" / f).string())) << f;
  EXPECT_THROW(RunLoop(RunSpec{d.cfg.file, "another digest", d.cfg.strategy, d.cfg.objectives, d.cfg.constraints,
                               d.cfg.reference}, *d.problem, *d.strategy, *d.exec, d.cfg.seed, (d.dir / "cut").string(), true),
               InputError);
}

// Checkpoints before v2 carried the whole archive; they still resume, to the same files.
TEST(DseRun, AVersion1CheckpointWithItsArchiveStillResumes) {
  Dse d(test::small_dse_yaml("{impl: nsga2, generations: 4, population: 10, parents: 4, mutations: 5, crossovers: 5, "
                             "mutation_prob: 0.3}"));
  d.loop("full", false).run(quiet, "full");
  d.loop("cut", false).run(quiet, "cut", 2);
  const std::string ck = (d.dir / "cut" / "checkpoint.json").string();
  nlohmann::json j = nlohmann::json::parse(read_text_file(ck));
  ASSERT_EQ(j.at("format"), "shiftadd-search-checkpoint-v2");
  j["format"] = "shiftadd-search-checkpoint-v1";
  const std::string journal = read_text_file((d.dir / "cut" / "journal.jsonl").string());
  for (size_t at = 0, end; at < journal.size(); at = end + 1) {
    end = journal.find('\n', at);
    j["archive"].push_back(to_json(evaluated_from_json(nlohmann::json::parse(journal.substr(at, end - at)), "journal")));
  }
  ASSERT_EQ(j.at("archive").size(), size_t(j.at("stats").at("evaluations").get<int64_t>()));
  write_file_atomic(ck, j.dump() + "\n");
  fs::remove(d.dir / "cut" / "journal.jsonl");  // v1 needs no journal to rebuild its archive
  std::ofstream(d.dir / "cut" / "journal.jsonl") << journal;
  d.loop("cut", true).run(quiet, "resumed");
  EXPECT_EQ(read_text_file((d.dir / "full" / "journal.jsonl").string()), read_text_file((d.dir / "cut" / "journal.jsonl").string()));
  EXPECT_EQ(read_text_file((d.dir / "full" / "checkpoint.json").string()), read_text_file((d.dir / "cut" / "checkpoint.json").string()));
}

TEST(DseRun, ADamagedJournalIsRefusedOnResume) {
  Dse d(test::small_dse_yaml("{impl: nsga2, generations: 3, population: 10, parents: 4, mutations: 5, crossovers: 5, "
                             "mutation_prob: 0.3}"));
  d.loop("cut", false).run(quiet, "cut", 2);
  const fs::path journal = d.dir / "cut" / "journal.jsonl";
  fs::resize_file(journal, fs::file_size(journal) / 2);
  try {
    d.loop("cut", true);
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("shorter than its checkpoint records"), std::string::npos) << e.what();
  }
}

TEST(DseRun, ASpaceWithNoValidDesignIsRefusedBeforeAnythingIsWritten) {
  Dse d(test::small_dse_yaml("{impl: grid, population: 16}", "[0.125]"));
  try {
    d.problem->check_some_valid(d.cfg.file, 200, 1);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no valid design among 24 designs (the whole space)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("buffer too small for any tile: array 'mult' (24)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shiftadd::search
