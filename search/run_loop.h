#pragma once
// The generation loop every search shares (subnets, accelerator designs, pairs of both): propose
// (bounded rejection against the cost limits, checked on the problem's precost before anything else
// is measured), score what is new (cached by key, on the executor's workers), select, checkpoint.
// Resumable from its folder after kill -9 with the identical result.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "search/executor/executor.h"
#include "search/journal.h"
#include "search/problem.h"
#include "search/strategy/strategy.h"

namespace shiftadd::search {

// What decides a run besides the problem: the checkpoint refuses to resume under another digest or seed.
struct RunSpec {
  std::string file, digest;  // the config it came from; digest of everything that decides the result
  StrategySpec strategy;
  std::vector<std::string> objectives;
  Constraints constraints;
  std::vector<double> reference;  // hypervolume reference point, one value per objective
};

class RunLoop {
 public:
  // dir holds journal.jsonl and checkpoint.json; resume continues the checkpoint found there.
  RunLoop(RunSpec spec, Problem& problem, const Strategy& strategy, const Executor& executor, uint64_t seed,
          std::string dir, bool resume);
  // Before anything is written: InputError with the best values seen when max_tries random candidates
  // all break the cost limits (a fresh run only).
  void check_reachable();
  // The remaining generations; stop_after >= 0 stops once that many are done (as if killed there).
  void run(std::ostream& progress, const std::string& label, int stop_after = -1);
  const SearchState& state() const { return st_; }
  const RunSpec& spec() const { return spec_; }
  std::vector<int> front() const { return pareto_front(st_.archive, spec_.objectives); }
  const Evaluated* find(const std::string& key) const;  // in the archive

 private:
  CostMetrics cached_cost(const Genome& g, const std::string& key);
  bool admit(const Genome& g, std::map<std::string, int>& taken);
  std::vector<Evaluated> evaluate(int generation, const std::vector<Genome>& genomes);
  GenerationLog log_generation(int generation) const;
  [[noreturn]] void fail_unreachable() const;

  RunSpec spec_;
  Problem& problem_;
  const Strategy& strategy_;
  const Executor& executor_;
  std::string dir_;
  SearchState st_;
  std::map<std::string, size_t> index_;        // archive position by key
  std::map<std::string, CostMetrics> costs_;  // precost of every drawn candidate
  CostMetrics best_seen_;                      // smallest of each cost seen by the proposer
  bool seen_any_ = false;
};

}  // namespace shiftadd::search
