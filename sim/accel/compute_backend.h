#pragma once
// Where a GEMM's compute cycles and array events come from (timing-only). "systemc" runs the array
// model through the SystemC session (ArraySim, not thread-safe: one caller at a time); "analytic"
// calls the same array model directly (thread-safe; used for lookup tables). Both return identical
// results (tests/sim/accel/accel_test.cpp checks it). Impls: analytic_backend.cpp, systemc_backend.cpp.
#include <cstdint>
#include <memory>
#include <string>

#include "core/registry.h"
#include "sim/array_result.h"
#include "sim/array_spec.h"

namespace shiftadd {

class ComputeBackend {
 public:
  virtual ~ComputeBackend() = default;
  virtual ArrayRunResult run(const ArraySpec& spec, int64_t M, int64_t K, int64_t N) const = 0;
};

using ComputeBackendRegistry = Registry<ComputeBackend>;
void register_analytic_backend(ComputeBackendRegistry& r);
void register_systemc_backend(ComputeBackendRegistry& r);
const ComputeBackendRegistry& compute_backend_registry();
std::unique_ptr<ComputeBackend> make_compute_backend(const std::string& name);

}  // namespace shiftadd
