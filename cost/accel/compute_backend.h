#pragma once
// Where a GEMM's compute cycles and array events come from (timing-only). The accelerator is handed
// one at construction. "analytic" (analytic_backend.cpp) calls the spec's array model directly: const,
// stateless and thread-safe, used by the lookup tables and the search. sim/systemc_backend.h runs the
// same model through a SystemC session (not thread-safe); both return identical results
// (tests/sim/accel/accel_test.cpp checks it).
#include <cstdint>
#include <memory>
#include <string>

#include "cost/array_result.h"
#include "cost/array_spec.h"

namespace shiftadd {

class ComputeBackend {
 public:
  virtual ~ComputeBackend() = default;
  virtual ArrayRunResult run(const ArraySpec& spec, int64_t M, int64_t K, int64_t N) const = 0;
  virtual const char* name() const = 0;
};

std::unique_ptr<ComputeBackend> make_analytic_backend();

}  // namespace shiftadd
