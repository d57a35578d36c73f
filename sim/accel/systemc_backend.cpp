// "systemc": timing-only runs through the process-wide SystemC session (ArraySim::instance()), so
// SystemC time advances by each GEMM's cycles. Not thread-safe.
#include "sim/accel/compute_backend.h"
#include "sim/array_sim.h"

namespace shiftadd {
namespace {

class SystemcBackend : public ComputeBackend {
 public:
  ArrayRunResult run(const ArraySpec& spec, int64_t M, int64_t K, int64_t N) const override {
    GemmJob job;
    job.M = M, job.K = K, job.N = N;
    return ArraySim::instance().run(spec, job, true);
  }
};

}  // namespace

void register_systemc_backend(ComputeBackendRegistry& r) {
  r.add("systemc", [] { return std::unique_ptr<ComputeBackend>(new SystemcBackend()); });
}

const ComputeBackendRegistry& compute_backend_registry() {
  static const ComputeBackendRegistry reg = [] {
    ComputeBackendRegistry r;
    register_analytic_backend(r);
    register_systemc_backend(r);
    return r;
  }();
  return reg;
}

std::unique_ptr<ComputeBackend> make_compute_backend(const std::string& name) {
  return compute_backend_registry().make(name);
}

}  // namespace shiftadd
