#include "core/error.h"
#include "search/accuracy/accuracy_estimator.h"

namespace shiftadd::search {
namespace {

// Cost-only searches (minimum energy under a latency limit, the exhaustive-optimum check).
class NoAccuracy : public AccuracyEstimator {
 public:
  std::string metric() const override { return "none"; }
  int workers() const override { return 1 << 20; }
  const SearchSpace* space() const override { return nullptr; }
  double score(int, const Arch&) override { return 0; }
  double test_score(const Arch&) override { return 0; }
};

}  // namespace

void register_no_accuracy(AccuracyRegistry& r) {
  r.add("none", [](const AccuracySpec&, const std::string&, int) { return std::make_unique<NoAccuracy>(); });
}

AccuracyRegistry accuracy_registry() {
  AccuracyRegistry r;
  register_cv_supernet(r);
  register_nlp_supernet(r);
  register_no_accuracy(r);
  return r;
}

}  // namespace shiftadd::search
