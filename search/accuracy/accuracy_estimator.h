#pragma once
// Inherited-weight accuracy of subnets, one estimator per executor worker (a supernet's forward
// pass keeps per-call state, so workers never share one). Scores never depend on which worker
// computed them or in what order: BN recalibration recomputes every statistic on the path.
#include <memory>
#include <string>

#include "core/registry.h"
#include "search/search_config.h"
#include "workload/space/space.h"

namespace shiftadd::search {

class AccuracyEstimator {
 public:
  virtual ~AccuracyEstimator() = default;
  virtual std::string metric() const = 0;        // "top1" | "bleu" | "none"
  virtual int workers() const = 0;
  virtual const SearchSpace* space() const = 0;   // the supernet run's (nullptr: no supernet)
  // On the held-out validation split (never the test set), with worker `w`'s copy of the supernet.
  virtual double score(int w, const Arch& arch) = 0;
  // On the test split, for the final report only (what `shiftadd eval` prints for the same options).
  virtual double test_score(const Arch& arch) = 0;
};

using AccuracyRegistry = Registry<AccuracyEstimator, const AccuracySpec&, const std::string& /*run*/, int /*workers*/>;
AccuracyRegistry accuracy_registry();
void register_cv_supernet(AccuracyRegistry& r);
void register_nlp_supernet(AccuracyRegistry& r);
void register_no_accuracy(AccuracyRegistry& r);

}  // namespace shiftadd::search
