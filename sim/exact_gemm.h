#pragma once
// Exact integer matrix products on floating-point BLAS-style kernels (Eigen). Exact because every
// partial sum is an integer no larger than sum_k |a||w|, which is checked against the mantissa.
#include <cstdint>
#include <vector>

namespace shiftadd {

// C = A * W, row-major (M x K)(K x N). Picks float when sum_k |a||w| <= 2^24 for all outputs,
// double when <= 2^53, else an int64 loop (exact, as K * max|a| * max|w| < 2^63 for our widths).
std::vector<int64_t> exact_int_gemm(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                    const std::vector<int64_t>& W);

int64_t max_abs(const std::vector<int64_t>& v);

}  // namespace shiftadd
