// Adder PE (AdderNet): p = -|a - b|. Jobs run as an L1-distance loop that the compiler vectorizes
// over n (int32 lanes when the sums fit, else int64).
#include <algorithm>
#include <cstdlib>

#include "sim/exact_gemm.h"
#include "sim/pe/pe_model.h"

namespace shiftadd {
namespace {

template <class T>
std::vector<int64_t> neg_l1(const GemmJob& job) {
  const int64_t M = job.M, K = job.K, N = job.N;
  std::vector<T> b(job.B.begin(), job.B.end());
  std::vector<T> acc(N);
  std::vector<int64_t> out(M * N);
  for (int64_t m = 0; m < M; ++m) {
    std::fill(acc.begin(), acc.end(), T(0));
    for (int64_t k = 0; k < K; ++k) {
      const T a = T(job.A[m * K + k]);
      const T* brow = b.data() + k * N;
      T* __restrict__ c = acc.data();
      for (int64_t n = 0; n < N; ++n) {
        const T d = a - brow[n];
        c[n] += d < 0 ? -d : d;
      }
    }
    for (int64_t n = 0; n < N; ++n) out[m * N + n] = -int64_t(acc[n]);
  }
  return out;
}

class AddPe : public PeModel {
 public:
  PeKind kind() const override { return PeKind::kAdd; }
  const char* op_name() const override { return "add"; }
  int op_bits(const ArraySpec& s) const override { return std::max(s.a_bits, s.w_bits); }
  int64_t term(const ArraySpec&, int64_t a, int64_t b) const override {
    const int64_t d = a - b;
    return d < 0 ? d : -d;
  }
  int64_t max_abs_term(const ArraySpec&, const GemmJob& job) const override {
    return max_abs(job.A) + max_abs(job.B);
  }
  std::vector<int64_t> exact_sums(const ArraySpec& s, const GemmJob& job) const override {
    const __int128 bound = __int128(job.K) * max_abs_term(s, job);
    return bound < (__int128(1) << 31) ? neg_l1<int32_t>(job) : neg_l1<int64_t>(job);
  }
  std::vector<int64_t> abs_sum_bounds(const ArraySpec& s, const GemmJob& job) const override {
    std::vector<int64_t> u = exact_sums(s, job);
    for (auto& x : u) x = -x;  // every term is <= 0, so sum |p| = -sum p
    return u;
  }
  bool terms_nonpositive() const override { return true; }
};

}  // namespace

void register_add_pe(PeRegistry& r) {
  r.add("add", [] { return std::unique_ptr<PeModel>(new AddPe()); });
}

}  // namespace shiftadd
