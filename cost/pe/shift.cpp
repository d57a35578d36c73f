// Shift PE: the weight is a 6-bit code {s[1:0], e[3:0]}; p = sign * ((a <<< F) >>> e).
// For e <= F the term is the integer product a * sign * 2^(F-e), so a job is one exact GEMM with
// decoded integer weights; codes with e > F (rounding right shifts) are added separately.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "workload/int_gemm.h"
#include "cost/exact_gemm.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

struct Code {
  int sign;  // -1, 0, +1
  int e;     // exponent magnitude, weight = sign * 2^-e
};

Code decode(int64_t code) {  // the one definition of the code is workload/int_gemm
  Code c;
  workload::decode_shift_code(code, c.sign, c.e);
  return c;
}

class ShiftPe : public PeModel {
 public:
  PeKind kind() const override { return PeKind::kShift; }
  const char* op_name() const override { return "shift"; }
  int op_bits(const ArraySpec& s) const override { return s.a_bits; }  // the shifter moves activations
  // The weight word is the 6-bit code whatever w_bits says; shift_frac_bits sets the term instead.
  const char* weight_key() const override { return "shift_frac_bits"; }
  int b_bits(const ArraySpec&) const override { return 6; }
  int64_t b_min(const ArraySpec&) const override { return 0; }
  int64_t b_max(const ArraySpec&) const override { return 63; }
  int min_acc_bits(const ArraySpec& s) const override { return s.a_bits + s.shift_frac_bits + 1; }
  std::string min_acc_rule(const ArraySpec& s) const override {
    return fmt::format("a_bits + shift_frac_bits + 1 = {} so one shifted term is exact", min_acc_bits(s));
  }
  // Sign +1 with e = 0 (the largest term), some -1 and some e = 15.
  int64_t extreme_b(const ArraySpec&, Rng& rng, bool) const override {
    const double u = rng.uniform01();
    return u < 0.7 ? 0x10 : u < 0.8 ? 0x30 : u < 0.9 ? 0x1F : rng.uniform_int(0, 63);
  }

  int64_t term(const ArraySpec& s, int64_t a, int64_t b) const override {
    const Code c = decode(b);
    return c.sign * ((a * (int64_t(1) << s.shift_frac_bits)) >> c.e);  // >> is arithmetic (floor)
  }
  int64_t max_abs_term(const ArraySpec& s, const GemmJob& job) const override {
    return max_abs(job.A) << s.shift_frac_bits;
  }

  std::vector<int64_t> exact_sums(const ArraySpec& s, const GemmJob& job) const override {
    const int F = s.shift_frac_bits;
    std::vector<int32_t> w(job.B.size(), 0);
    std::vector<Rounded> rounded;  // codes with e > F
    for (size_t i = 0; i < w.size(); ++i) {
      const Code c = decode(job.B[i]);
      if (c.sign == 0) continue;
      if (c.e <= F) w[i] = c.sign * (int32_t(1) << (F - c.e));
      else rounded.push_back({int64_t(i) / job.N, int64_t(i) % job.N, c.sign, c.e - F});
    }
    std::vector<int64_t> out = exact_int_gemm(job.M, job.K, job.N, job.A, w);
    if (!rounded.empty()) add_rounded_terms(job, rounded, out);
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
  struct Rounded {
    int64_t k, n;
    int sign, d;  // term = sign * (a >> d)
  };

  // Adds sign * (A[m][k] >> d) for every rounded code. A dense GEMM per shift distance when such
  // codes are common (e.g. F = 0), else a sparse pass over transposed int32 copies.
  static void add_rounded_terms(const GemmJob& job, const std::vector<Rounded>& rounded, std::vector<int64_t>& out) {
    const int64_t M = job.M, K = job.K, N = job.N;
    if (int64_t(rounded.size()) * 8 > K * N) {
      for (int d = 1; d <= 15; ++d) {
        std::vector<int32_t> signs(K * N, 0);
        bool any = false;
        for (const Rounded& r : rounded)
          if (r.d == d) signs[r.k * N + r.n] = r.sign, any = true;
        if (!any) continue;
        std::vector<int64_t> shifted(job.A.size());
        for (size_t i = 0; i < shifted.size(); ++i) shifted[i] = job.A[i] >> d;
        const std::vector<int64_t> part = exact_int_gemm(M, K, N, shifted, signs);
        for (size_t i = 0; i < out.size(); ++i) out[i] += part[i];
      }
      return;
    }
    std::vector<int32_t> at(K * M);  // A transposed, so the loop over m is contiguous
    for (int64_t m = 0; m < M; ++m)
      for (int64_t k = 0; k < K; ++k) at[k * M + m] = int32_t(job.A[m * K + k]);
    std::vector<int64_t> corr(N * M, 0);
    for (const Rounded& r : rounded) {
      const int32_t* a = at.data() + r.k * M;
      int64_t* c = corr.data() + r.n * M;
      for (int64_t m = 0; m < M; ++m) c[m] += r.sign * (a[m] >> r.d);
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
