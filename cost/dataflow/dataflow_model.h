#pragma once
// One dataflow: how a GEMM maps onto the array (which extent is cut into row folds, which streams),
// the cycles of a fold and how they split into phases, per-fold event counts (the table in
// docs/hardware.md), and what the buffers must hold. cost/fold_plan.h plans folds through it.
// Implementations: ws.cpp, os.cpp (registry keys "ws", "os" == to_string(Dataflow)).
#include <cstdint>
#include <memory>
#include <vector>

#include "core/registry.h"
#include "cost/array_result.h"
#include "cost/array_spec.h"
#include "cost/fold_plan.h"

namespace shiftadd {

// Phase codes as traced in the VCD.
enum class FoldPhase : int { kIdle = 0, kLoad = 1, kStream = 2, kDrain = 3, kReadout = 4 };
const char* to_string(FoldPhase p);

// Extents of an M x K x N GEMM on the array: `spatial` is cut into row folds of R, `temporal` streams
// through every fold; N is always cut into column folds of C.
struct FoldGeometry {
  int64_t spatial = 0, temporal = 0;
};

struct PhaseSpan {
  FoldPhase phase = FoldPhase::kIdle;
  int64_t cycles = 0;
};

class DataflowModel {
 public:
  virtual ~DataflowModel() = default;
  virtual Dataflow kind() const = 0;
  virtual FoldGeometry geometry(int64_t M, int64_t K) const = 0;
  // Cycles of one fold on a full R x C array.
  virtual int64_t fold_cycles(int rows, int cols, int64_t temporal) const = 0;
  // True when B stays in the PEs for a whole fold (fetched once); false when it streams.
  virtual bool weights_stationary() const = 0;
  // True when the partial sums of a row fold leave the array and return for the next one.
  virtual bool psums_cross_row_folds() const = 0;
  virtual ArrayEvents fold_events(const ArraySpec& s, const Fold& f) const = 0;
  // Phases of one fold; their cycles sum to fold_cycles(s.rows, s.cols, f.temporal).
  virtual std::vector<PhaseSpan> fold_phases(const ArraySpec& s, const Fold& f) const = 0;
  // Cycles after the last fold (total_cycles - compute_cycles).
  virtual int64_t final_drain_cycles(int rows) const = 0;
};

using DataflowRegistry = Registry<DataflowModel>;
void register_ws_dataflow(DataflowRegistry& r);
void register_os_dataflow(DataflowRegistry& r);

const DataflowRegistry& dataflow_registry();  // built once, immutable
std::unique_ptr<DataflowModel> make_dataflow_model(Dataflow df);
const DataflowModel& dataflow_model(Dataflow df);  // one shared immutable instance per dataflow

}  // namespace shiftadd
