#include "sim/exact_gemm.h"

#include <Eigen/Core>
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
  if (bound <= (__int128(1) << 24)) return gemm_as<float>(M, K, N, A, W);
  if (bound <= (__int128(1) << 53)) return gemm_as<double>(M, K, N, A, W);
  return gemm_int64(M, K, N, A, W);
}

}  // namespace shiftadd
