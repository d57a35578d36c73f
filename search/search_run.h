#pragma once
// A subnet search: the generation loop (run_loop.h) over the subnets of a space, scored by an accuracy
// estimator (inherited weights) and a cost evaluator (the LUT in the loop). Cost limits are checked on
// the cost evaluator before any accuracy is measured.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "search/accuracy/accuracy_estimator.h"
#include "search/codec/arch_codec.h"
#include "search/cost/cost_evaluator.h"
#include "search/executor/executor.h"
#include "search/problem.h"
#include "search/run_loop.h"
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

// Subnets as a Problem: precost from the cost evaluator (params too when a params limit is set),
// score = the estimator's validation accuracy plus the expanded network's params.
class SubnetProblem : public Problem {
 public:
  SubnetProblem(const SearchParts& parts) : p_(parts) {}
  const GenomeSpace& genes() const override { return p_.codec; }
  Genome random(Rng& rng) const override { return random_genome(p_.codec, p_.space, rng); }
  std::string key(const Genome& g) const override { return arch_key(p_.codec.decode(g), p_.space); }
  std::string source() const override { return p_.cost.source(); }
  std::string noun() const override { return "subnet"; }
  CostMetrics precost(const Genome& g) const override;
  Metrics score(int w, const Genome& g, const CostMetrics& pre) override;
  std::string best_seen(const CostMetrics& best, const Constraints& k) const override;

 private:
  SearchParts p_;
};

RunSpec run_spec(const SearchConfig& cfg);  // digest: config_digest(cfg)

class SearchRun {
 public:
  // dir holds journal.jsonl and checkpoint.json; resume continues the checkpoint found there.
  SearchRun(const SearchParts& parts, uint64_t seed, std::string dir, bool resume);
  void check_reachable() { loop_.check_reachable(); }
  void run(std::ostream& progress, const std::string& label, int stop_after = -1) { loop_.run(progress, label, stop_after); }
  const SearchState& state() const { return loop_.state(); }
  std::vector<int> front() const { return loop_.front(); }
  // Accuracy and cost of one subnet, as the search measures them (hand-made subnets on the plot).
  Evaluated evaluate_one(const Arch& arch);

 private:
  SearchParts parts_;
  SubnetProblem problem_;
  RunLoop loop_;
};

}  // namespace shiftadd::search
