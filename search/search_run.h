#pragma once
// The generation loop: propose (bounded rejection against the cost constraints, which the cost
// evaluator checks before any accuracy is measured), evaluate what is new (cached by architecture),
// select, checkpoint. Resumable from its folder after kill -9 with the identical result.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "search/accuracy/accuracy_estimator.h"
#include "search/codec/arch_codec.h"
#include "search/cost/cost_evaluator.h"
#include "search/executor/executor.h"
#include "search/journal.h"
#include "search/strategy/strategy.h"

namespace shiftadd::search {

struct SearchParts {
  const SearchConfig& cfg;
  const SearchSpace& space;
  const ArchCodec& codec;
  const Strategy& strategy;
  AccuracyEstimator& accuracy;
  const CostEvaluator& cost;
  const Executor& executor;
};

class SearchRun {
 public:
  // dir holds journal.jsonl and checkpoint.json; resume continues the checkpoint found there.
  SearchRun(const SearchParts& parts, uint64_t seed, std::string dir, bool resume);
  // Before anything is written: InputError with the best values seen when max_tries random subnets
  // all break the cost limits (a fresh run only).
  void check_reachable();
  // The remaining generations; stop_after >= 0 stops once that many are done (as if killed there).
  void run(std::ostream& progress, const std::string& label, int stop_after = -1);
  const SearchState& state() const { return st_; }
  std::vector<int> front() const { return pareto_front(st_.archive, parts_.cfg.objectives); }
  // Accuracy and cost of one subnet, as the search measures them (hand-made subnets on the plot).
  Evaluated evaluate_one(const Arch& arch);

 private:
  CostMetrics cached_cost(const Genome& g, const std::string& key);
  bool admit(const Genome& g, std::map<std::string, int>& taken);
  std::vector<Evaluated> evaluate(int generation, const std::vector<Genome>& genomes);
  GenerationLog log_generation(int generation) const;
  [[noreturn]] void fail_unreachable() const;

  SearchParts parts_;
  std::string dir_;
  SearchState st_;
  std::map<std::string, size_t> index_;        // archive position by key
  std::map<std::string, CostMetrics> costs_;  // cost of every drawn subnet (params included)
  CostMetrics best_seen_;                      // smallest of each cost seen by the proposer
  bool seen_any_ = false;
};

}  // namespace shiftadd::search
