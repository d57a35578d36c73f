#pragma once
// Exact integer matrix products on vectorised int32 or Eigen double kernels. Exact because every
// partial sum is an integer no larger than K * max|a| * max|w|, which is checked against the
// kernel's range (2^31 for int32, 2^53 for the double mantissa).
#include <cstdint>
#include <vector>

namespace shiftadd {

// C = A * W, row-major (M x K)(K x N). Picks int32 lanes when K * max|a| * max|w| < 2^31, Eigen
// double when <= 2^53, else an int64 loop (exact, as the bound stays < 2^63 for our widths).
std::vector<int64_t> exact_int_gemm(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                    const std::vector<int64_t>& W);

// Same with int32 weights (no conversion copy on the int32 path).
std::vector<int64_t> exact_int_gemm(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                    const std::vector<int32_t>& W);

int64_t max_abs(const std::vector<int64_t>& v);

}  // namespace shiftadd
