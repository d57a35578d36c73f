#pragma once
// The folds of a job grouped into classes of identical shape (at most 6), so that event totals
// cost O(1) instead of O(folds). Sums over classes equal sums over plan_folds().
#include <cstdint>
#include <vector>

#include "cost/fold_plan.h"

namespace shiftadd {

struct FoldClass {
  Fold fold;          // representative (row0/col0 of one member)
  int64_t count = 0;  // how many folds have this shape
};

std::vector<FoldClass> fold_classes(int rows, int cols, Dataflow df, int64_t M, int64_t K, int64_t N);

}  // namespace shiftadd
