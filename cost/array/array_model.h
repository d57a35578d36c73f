#pragma once
// An array model: given a spec and a job, the cycles, event counts and (unless timing-only) the
// bit-exact result. Pure C++ (no SystemC): the TLM target in sim/tlm/ calls it and advances time.
// Implementations are picked by ArraySpec::impl (hw config `impl:`); systolic.cpp is "systolic".
#include <cstdint>
#include <memory>
#include <vector>

#include "core/registry.h"
#include "cost/array_result.h"
#include "cost/array_spec.h"
#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {

// One traced step of a job: a phase of a fold (fold = -1 for the final drain).
struct ScheduleStep {
  int64_t fold = 0;
  FoldPhase phase = FoldPhase::kIdle;
  int64_t cycles = 0;
  int64_t pe_ops = 0;  // PE operations of this fold, attributed to its stream phase
};

class ArrayModel {
 public:
  virtual ~ArrayModel() = default;
  // timing_only skips the arithmetic; then job.A/job.B may be empty (only M, K, N are read).
  virtual ArrayRunResult run(const ArraySpec& s, const GemmJob& job, bool timing_only) const = 0;
  // Phase-by-phase schedule for waveform tracing; the cycles sum to run().total_cycles.
  virtual std::vector<ScheduleStep> schedule(const ArraySpec& s, const GemmJob& job) const = 0;
};

using ArrayModelRegistry = Registry<ArrayModel>;
void register_systolic_array(ArrayModelRegistry& r);

const ArrayModelRegistry& array_model_registry();  // built once, immutable

}  // namespace shiftadd
