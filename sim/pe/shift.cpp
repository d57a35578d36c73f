// Shift PE: the weight is a 6-bit code {s[1:0], e[3:0]}; p = sign * ((a <<< F) >>> e).
// For e <= F the term is the integer product a * sign * 2^(F-e), so a job is one exact GEMM with
// decoded integer weights; codes with e > F (rounding right shifts) are added separately.
#include <algorithm>
#include <cstdlib>

#include "sim/exact_gemm.h"
#include "sim/pe/pe_model.h"

namespace shiftadd {
namespace {

struct Code {
  int sign;  // -1, 0, +1
  int e;     // exponent magnitude, weight = sign * 2^-e
};

Code decode(int64_t code) {
  const int s = int((code >> 4) & 3);
  return {s == 1 ? 1 : s == 3 ? -1 : 0, int(code & 15)};
}

class ShiftPe : public PeModel {
 public:
  PeKind kind() const override { return PeKind::kShift; }
  const char* op_name() const override { return "shift"; }
  int op_bits(const ArraySpec& s) const override { return s.a_bits; }  // the shifter moves activations

  int64_t term(const ArraySpec& s, int64_t a, int64_t b) const override {
    const Code c = decode(b);
    return c.sign * ((a * (int64_t(1) << s.shift_frac_bits)) >> c.e);  // >> is arithmetic (floor)
  }
  int64_t max_abs_term(const ArraySpec& s, const GemmJob& job) const override {
    return max_abs(job.A) << s.shift_frac_bits;
  }

  std::vector<int64_t> exact_sums(const ArraySpec& s, const GemmJob& job) const override {
    const int F = s.shift_frac_bits;
    std::vector<int64_t> w(job.B.size(), 0);
    for (size_t i = 0; i < w.size(); ++i) {
      const Code c = decode(job.B[i]);
      if (c.e <= F) w[i] = c.sign * (int64_t(1) << (F - c.e));
    }
    std::vector<int64_t> out = exact_int_gemm(job.M, job.K, job.N, job.A, w);
    for (int d = 1; d + F <= 15; ++d) add_rounded_terms(job, F, d, out);
    return out;
  }

  std::vector<int64_t> abs_sum_bounds(const ArraySpec& s, const GemmJob& job) const override {
    const int F = s.shift_frac_bits;
    std::vector<int64_t> a(job.A.size()), w(job.B.size(), 0);
    for (size_t i = 0; i < a.size(); ++i) a[i] = std::llabs(job.A[i]);
    for (size_t i = 0; i < w.size(); ++i) {
      const Code c = decode(job.B[i]);
      if (c.sign != 0) w[i] = c.e <= F ? (int64_t(1) << (F - c.e)) : 1;  // |a >> d| <= |a|
    }
    return exact_int_gemm(job.M, job.K, job.N, a, w);
  }

 private:
  // Adds the terms of codes with e = F + d (d >= 1): sign * (a >> d). Dense GEMM when many, else sparse.
  static void add_rounded_terms(const GemmJob& job, int F, int d, std::vector<int64_t>& out) {
    const int64_t M = job.M, K = job.K, N = job.N;
    std::vector<int64_t> signs(job.B.size(), 0);
    int64_t count = 0;
    for (size_t i = 0; i < signs.size(); ++i) {
      const Code c = decode(job.B[i]);
      if (c.e == F + d && c.sign != 0) signs[i] = c.sign, ++count;
    }
    if (count == 0) return;
    if (count * 8 > K * N) {
      std::vector<int64_t> shifted(job.A.size());
      for (size_t i = 0; i < shifted.size(); ++i) shifted[i] = job.A[i] >> d;
      const std::vector<int64_t> part = exact_int_gemm(M, K, N, shifted, signs);
      for (size_t i = 0; i < out.size(); ++i) out[i] += part[i];
      return;
    }
    // Sparse: work on transposed copies so the inner loop over m is contiguous.
    std::vector<int64_t> at(K * M), corr(N * M, 0);
    for (int64_t m = 0; m < M; ++m)
      for (int64_t k = 0; k < K; ++k) at[k * M + m] = job.A[m * K + k] >> d;
    for (int64_t k = 0; k < K; ++k)
      for (int64_t n = 0; n < N; ++n) {
        const int64_t sg = signs[k * N + n];
        if (sg == 0) continue;
        const int64_t* a = at.data() + k * M;
        int64_t* c = corr.data() + n * M;
        for (int64_t m = 0; m < M; ++m) c[m] += sg * a[m];
      }
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) out[m * N + n] += corr[n * M + m];
  }
};

}  // namespace

void register_shift_pe(PeRegistry& r) {
  r.add("shift", [] { return std::unique_ptr<PeModel>(new ShiftPe()); });
}

}  // namespace shiftadd
