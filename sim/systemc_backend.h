#pragma once
// The accelerator's compute backend on a SystemC session: timing-only runs through the session's
// array target, so SystemC time advances by each GEMM's cycles. Not thread-safe; the session must
// outlive the backend.
#include <memory>

#include "cost/accel/compute_backend.h"
#include "sim/array_sim.h"

namespace shiftadd {

std::unique_ptr<ComputeBackend> make_systemc_backend(ArraySim& session);

}  // namespace shiftadd
