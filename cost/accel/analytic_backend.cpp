// "analytic": the array model of the spec's impl, called directly (no SystemC kernel); const and
// stateless, so it may be shared by threads.
#include <map>

#include "cost/accel/compute_backend.h"
#include "cost/array/array_model.h"

namespace shiftadd {
namespace {

class AnalyticBackend : public ComputeBackend {
 public:
  AnalyticBackend() {
    for (const std::string& n : array_model_registry().names()) models_[n] = array_model_registry().make(n);
  }
  ArrayRunResult run(const ArraySpec& spec, int64_t M, int64_t K, int64_t N) const override {
    GemmJob job;
    job.M = M, job.K = K, job.N = N;
    return models_.at(spec.impl)->run(spec, job, true);
  }
  const char* name() const override { return "analytic"; }

 private:
  std::map<std::string, std::unique_ptr<ArrayModel>> models_;
};

}  // namespace

std::unique_ptr<ComputeBackend> make_analytic_backend() { return std::make_unique<AnalyticBackend>(); }

}  // namespace shiftadd
