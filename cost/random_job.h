#pragma once
// Seeded random GEMM operands valid for an array: A uniform over a_bits, B uniform over w_bits
// (or over all 64 shift codes). Deterministic via shiftadd::Rng.
#include <cstdint>

#include "core/rng.h"
#include "cost/array_spec.h"

namespace shiftadd {

GemmJob random_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng);
// Operands at the extremes of their ranges (min/max/0 mixed), which drives accumulator overflow.
GemmJob extreme_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng);
// Mostly `favoured`, sometimes the other extreme, zero or any value of [lo, hi].
int64_t pick_extreme(int64_t lo, int64_t hi, int64_t favoured, Rng& rng);

}  // namespace shiftadd
