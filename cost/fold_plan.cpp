#include "cost/fold_plan.h"

#include <algorithm>

#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {
namespace {
int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

std::vector<Fold> plan_folds(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N) {
  const auto [spatial_rows, temporal] = dataflow_model(df).geometry(M, K);
  std::vector<Fold> folds;
  for (int64_t c0 = 0; c0 < N; c0 += cols)
    for (int64_t r0 = 0; r0 < spatial_rows; r0 += rows) {
      Fold f;
      f.row0 = r0;
      f.rows_used = std::min<int64_t>(rows, spatial_rows - r0);
      f.col0 = c0;
      f.cols_used = std::min<int64_t>(cols, N - c0);
      f.temporal = temporal;
      f.first_row_fold = r0 == 0;
      folds.push_back(f);
    }
  return folds;
}

int64_t fold_count(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N) {
  return ceil_div(dataflow_model(df).geometry(M, K).spatial, rows) * ceil_div(N, cols);
}

int64_t fold_cycles(int rows, int cols, Dataflow df, int64_t temporal) {
  return dataflow_model(df).fold_cycles(rows, cols, temporal);
}

int64_t compute_cycles(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N) {
  return fold_count(rows, cols, df, M, K, N) * fold_cycles(rows, cols, df, dataflow_model(df).geometry(M, K).temporal);
}

int64_t total_cycles(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N) {
  return compute_cycles(rows, cols, df, M, K, N) + dataflow_model(df).final_drain_cycles(rows);
}

}  // namespace shiftadd
