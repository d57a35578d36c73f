// Adder PE (AdderNet): p = -|a - b|. Jobs run as an L1-distance loop that the compiler vectorizes
// over n (16-bit lanes with blocked flushes when |a - b| fits, else int64).
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "cost/exact_gemm.h"
#include "cost/pe/pe_model.h"
#include "cost/random_job.h"

namespace shiftadd {
namespace {

// 16-bit lanes when |a - b| <= 32767: partial sums of `block` terms fit uint16, then flush to int64.
// target_clones builds an AVX2 copy picked at load time where the CPU has it.
__attribute__((target_clones("avx2", "default")))
void neg_l1_i16(const int16_t* A, const int16_t* B, int64_t M, int64_t K, int64_t N, int64_t block, int64_t* out) {
  std::vector<uint16_t> part(N);
  std::vector<int64_t> acc(N);
  for (int64_t m = 0; m < M; ++m) {
    std::fill(acc.begin(), acc.end(), 0);
    for (int64_t k0 = 0; k0 < K; k0 += block) {
      std::fill(part.begin(), part.end(), 0);
      for (int64_t k = k0; k < std::min(K, k0 + block); ++k) {
        const int16_t a = A[m * K + k];
        const int16_t* b = B + k * N;
        uint16_t* __restrict__ c = part.data();
        for (int64_t n = 0; n < N; ++n) {
          const int16_t d = int16_t(a - b[n]);
          c[n] = uint16_t(c[n] + uint16_t(d < 0 ? -d : d));
        }
      }
      for (int64_t n = 0; n < N; ++n) acc[n] += part[n];
    }
    for (int64_t n = 0; n < N; ++n) out[m * N + n] = -acc[n];
  }
}

// General widths: int64 lanes.
__attribute__((target_clones("avx2", "default")))
void neg_l1_i64(const int64_t* A, const int64_t* B, int64_t M, int64_t K, int64_t N, int64_t* out) {
  for (int64_t m = 0; m < M; ++m) {
    int64_t* __restrict__ c = out + m * N;
    std::fill(c, c + N, 0);
    for (int64_t k = 0; k < K; ++k) {
      const int64_t a = A[m * K + k];
      const int64_t* b = B + k * N;
      for (int64_t n = 0; n < N; ++n) {
        const int64_t d = a - b[n];
        c[n] -= d < 0 ? -d : d;
      }
    }
  }
}

std::vector<int64_t> neg_l1(const GemmJob& job, int64_t max_abs_term) {
  std::vector<int64_t> out(job.M * job.N);
  if (max_abs_term <= 32767) {
    const std::vector<int16_t> a(job.A.begin(), job.A.end()), b(job.B.begin(), job.B.end());
    const int64_t block = std::max<int64_t>(1, 65535 / std::max<int64_t>(1, max_abs_term));
    neg_l1_i16(a.data(), b.data(), job.M, job.K, job.N, block, out.data());
  } else {
    neg_l1_i64(job.A.data(), job.B.data(), job.M, job.K, job.N, out.data());
  }
  return out;
}

class AddPe : public PeModel {
 public:
  PeKind kind() const override { return PeKind::kAdd; }
  const char* op_name() const override { return "add"; }
  int op_bits(const ArraySpec& s) const override { return std::max(s.a_bits, s.w_bits); }
  int min_acc_bits(const ArraySpec& s) const override { return std::max(s.a_bits, s.w_bits) + 2; }
  std::string min_acc_rule(const ArraySpec& s) const override {
    return fmt::format("max(a_bits, w_bits) + 2 = {} so one |a - w| is exact", min_acc_bits(s));
  }
  // The opposite extreme: the largest |a - b|.
  int64_t extreme_b(const ArraySpec& s, Rng& rng, bool a_low) const override {
    return pick_extreme(b_min(s), b_max(s), a_low ? b_max(s) : b_min(s), rng);
  }
  int64_t term(const ArraySpec&, int64_t a, int64_t b) const override {
    const int64_t d = a - b;
    return d < 0 ? d : -d;
  }
  int64_t max_abs_term(const ArraySpec&, const GemmJob& job) const override {
    return max_abs(job.A) + max_abs(job.B);
  }
  std::vector<int64_t> exact_sums(const ArraySpec& s, const GemmJob& job) const override {
    return neg_l1(job, max_abs_term(s, job));
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
