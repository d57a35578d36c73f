#include "cost/fold_classes.h"

#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {
namespace {

struct Slice {
  int64_t start, used, count;
  bool first;
};

// Row (or column) folds of an extent cut into pieces of `size`: first, full middle ones, last.
std::vector<Slice> slices(int64_t extent, int64_t size) {
  const int64_t n = (extent + size - 1) / size;
  if (n == 1) return {{0, extent, 1, true}};
  std::vector<Slice> out{{0, size, 1, true}};
  if (n > 2) out.push_back({size, size, n - 2, false});
  out.push_back({(n - 1) * size, extent - (n - 1) * size, 1, false});
  return out;
}

}  // namespace

std::vector<FoldClass> fold_classes(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N) {
  const auto [spatial_rows, temporal] = dataflow_model(df).geometry(M, K);
  std::vector<FoldClass> out;
  for (const Slice& c : slices(N, cols))
    for (const Slice& r : slices(spatial_rows, rows)) {
      FoldClass fc;
      fc.fold.row0 = r.start;
      fc.fold.rows_used = r.used;
      fc.fold.col0 = c.start;
      fc.fold.cols_used = c.used;
      fc.fold.temporal = temporal;
      fc.fold.first_row_fold = r.first;
      fc.count = r.count * c.count;
      out.push_back(fc);
    }
  return out;
}

}  // namespace shiftadd
