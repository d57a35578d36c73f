#pragma once
// How a GEMM is cut into folds on an R x C array, and the cycles each fold takes
// (SCALE-Sim convention, see docs/hardware.md). Pure arithmetic: shared by the SystemC models,
// the RTL driver and the cross-check.
#include <cstdint>
#include <vector>

#include "cost/array_spec.h"

namespace shiftadd {

struct Fold {
  int64_t row0 = 0, rows_used = 0;  // WS: K-slice; OS: M-slice mapped onto array rows
  int64_t col0 = 0, cols_used = 0;  // N-slice mapped onto array columns
  int64_t temporal = 0;             // WS: M; OS: K
  bool first_row_fold = true;       // WS: no psum_in for the first K-slice
};

// Folds in execution order: column fold outer, row fold inner.
std::vector<Fold> plan_folds(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N);
int64_t fold_count(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N);
// Cycles of one fold with full array dimensions (2R+C+M-2 for WS, R+C+K-2 for OS).
int64_t fold_cycles(int rows, int cols, Dataflow df, int64_t temporal);
// Sum of fold cycles (SCALE-Sim compute cycles).
int64_t compute_cycles(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N);
// compute_cycles plus the final drain (R for OS, 0 for WS): what the RTL takes end to end.
int64_t total_cycles(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N);

}  // namespace shiftadd
