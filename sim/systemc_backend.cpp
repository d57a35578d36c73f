#include "sim/systemc_backend.h"

namespace shiftadd {
namespace {

class SystemcBackend : public ComputeBackend {
 public:
  explicit SystemcBackend(ArraySim& session) : session_(session) {}
  ArrayRunResult run(const ArraySpec& spec, int64_t M, int64_t K, int64_t N) const override {
    GemmJob job;
    job.M = M, job.K = K, job.N = N;
    return session_.run(spec, job, true);
  }
  const char* name() const override { return "systemc"; }

 private:
  ArraySim& session_;
};

}  // namespace

std::unique_ptr<ComputeBackend> make_systemc_backend(ArraySim& session) {
  return std::make_unique<SystemcBackend>(session);
}

}  // namespace shiftadd
