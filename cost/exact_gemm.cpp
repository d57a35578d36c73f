#include "cost/exact_gemm.h"

#include <Eigen/Core>
#include <algorithm>
#include <cstdlib>

namespace shiftadd {
namespace {

template <class T>
using RowMat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMapI64 = Eigen::Map<const RowMat<int64_t>>;

template <class T>
std::vector<int64_t> gemm_as(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                             const std::vector<int64_t>& W) {
  const RowMat<T> a = ConstMapI64(A.data(), M, K).cast<T>();
  const RowMat<T> w = ConstMapI64(W.data(), K, N).cast<T>();
  RowMat<T> c(M, N);
  c.noalias() = a * w;
  std::vector<int64_t> out(M * N);
  Eigen::Map<RowMat<int64_t>>(out.data(), M, N) = c.template cast<int64_t>();  // integers: cast is exact
  return out;
}

// int32 lanes: four rows of C accumulate in a small int32 block, so each W row load feeds four
// outputs; target_clones adds an AVX2 copy chosen at load time. Exact when every partial sum is
// below 2^31. Few, small temporaries: page faults on fresh heap memory cost more than the math.
__attribute__((target_clones("avx2", "default")))
void gemm_i32_kernel(const int64_t* A, const int32_t* W, int64_t M, int64_t K, int64_t N, int32_t* acc,
                     int64_t* C) {
  for (int64_t m0 = 0; m0 < M; m0 += 4) {
    const int64_t rows = std::min<int64_t>(4, M - m0);
    std::fill(acc, acc + 4 * N, 0);
    int32_t* __restrict__ c0 = acc;
    int32_t* __restrict__ c1 = acc + N;
    int32_t* __restrict__ c2 = acc + 2 * N;
    int32_t* __restrict__ c3 = acc + 3 * N;
    for (int64_t k = 0; k < K; ++k) {
      const int32_t a0 = int32_t(A[m0 * K + k]);
      const int32_t a1 = rows > 1 ? int32_t(A[(m0 + 1) * K + k]) : 0;
      const int32_t a2 = rows > 2 ? int32_t(A[(m0 + 2) * K + k]) : 0;
      const int32_t a3 = rows > 3 ? int32_t(A[(m0 + 3) * K + k]) : 0;
      const int32_t* __restrict__ w = W + k * N;
      for (int64_t n = 0; n < N; ++n) {
        const int32_t x = w[n];
        c0[n] += a0 * x;
        c1[n] += a1 * x;
        c2[n] += a2 * x;
        c3[n] += a3 * x;
      }
    }
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t n = 0; n < N; ++n) C[(m0 + r) * N + n] = acc[r * N + n];
  }
}

std::vector<int64_t> gemm_i32(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                              const int32_t* w) {
  std::vector<int32_t> acc(4 * N);
  std::vector<int64_t> out(M * N);
  gemm_i32_kernel(A.data(), w, M, K, N, acc.data(), out.data());
  return out;
}

std::vector<int64_t> gemm_int64(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                const std::vector<int64_t>& W) {
  std::vector<int64_t> out(M * N, 0);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k) {
      const int64_t a = A[m * K + k];
      if (a == 0) continue;
      const int64_t* w = W.data() + k * N;
      int64_t* c = out.data() + m * N;
      for (int64_t n = 0; n < N; ++n) c[n] += a * w[n];
    }
  return out;
}

}  // namespace

int64_t max_abs(const std::vector<int64_t>& v) {
  int64_t m = 0;
  for (int64_t x : v) m = std::max<int64_t>(m, std::llabs(x));
  return m;
}

std::vector<int64_t> exact_int_gemm(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                    const std::vector<int64_t>& W) {
  const __int128 bound = __int128(K) * max_abs(A) * max_abs(W);
  if (bound < (__int128(1) << 31)) {
    const std::vector<int32_t> w(W.begin(), W.end());
    return gemm_i32(M, K, N, A, w.data());
  }
  if (bound <= (__int128(1) << 53)) return gemm_as<double>(M, K, N, A, W);
  return gemm_int64(M, K, N, A, W);
}

std::vector<int64_t> exact_int_gemm(int64_t M, int64_t K, int64_t N, const std::vector<int64_t>& A,
                                    const std::vector<int32_t>& W) {
  int64_t max_w = 0;
  for (int32_t x : W) max_w = std::max<int64_t>(max_w, std::llabs(x));
  if (__int128(K) * max_abs(A) * max_w < (__int128(1) << 31)) return gemm_i32(M, K, N, A, W.data());
  return exact_int_gemm(M, K, N, A, std::vector<int64_t>(W.begin(), W.end()));
}

}  // namespace shiftadd
