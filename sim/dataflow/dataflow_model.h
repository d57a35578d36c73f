#pragma once
// One dataflow: per-fold event counts (the table in docs/hardware.md) and how a fold's cycles
// split into phases. Fold shapes and cycle totals come from sim/fold_plan.h. Implementations:
// ws.cpp, os.cpp (registry keys "ws", "os" == to_string(Dataflow)).
#include <cstdint>
#include <memory>
#include <vector>

#include "core/registry.h"
#include "sim/array_result.h"
#include "sim/array_spec.h"
#include "sim/fold_plan.h"

namespace shiftadd {

// Phase codes as traced in the VCD.
enum class FoldPhase : int { kIdle = 0, kLoad = 1, kStream = 2, kDrain = 3, kReadout = 4 };
const char* to_string(FoldPhase p);

struct PhaseSpan {
  FoldPhase phase = FoldPhase::kIdle;
  int64_t cycles = 0;
};

class DataflowModel {
 public:
  virtual ~DataflowModel() = default;
  virtual Dataflow kind() const = 0;
  virtual ArrayEvents fold_events(const ArraySpec& s, const Fold& f) const = 0;
  // Phases of one fold; their cycles sum to fold_cycles(rows, cols, df, f.temporal).
  virtual std::vector<PhaseSpan> fold_phases(const ArraySpec& s, const Fold& f) const = 0;
  // Cycles after the last fold (total_cycles - compute_cycles).
  virtual int64_t final_drain_cycles(const ArraySpec& s) const = 0;
};

using DataflowRegistry = Registry<DataflowModel>;
void register_ws_dataflow(DataflowRegistry& r);
void register_os_dataflow(DataflowRegistry& r);

const DataflowRegistry& dataflow_registry();  // built once, immutable
std::unique_ptr<DataflowModel> make_dataflow_model(Dataflow df);

}  // namespace shiftadd
