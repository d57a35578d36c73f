#pragma once
// Specs of the verilated test variants and small job helpers for the RTL tests.
#include <vector>

#include "rtl/rtl_array.h"
#include "cost/array_spec.h"
#include "cost/fold_plan.h"
#include "cost/reference_gemm.h"

namespace shiftadd::rtltest {

inline ArraySpec spec(PeKind pe, int rows, int cols, int acc_bits, int frac = 14) {
  ArraySpec s;
  s.name = "test";
  s.pe = pe;
  s.rows = rows;
  s.cols = cols;
  s.a_bits = 8;
  s.w_bits = 8;
  s.acc_bits = acc_bits;
  s.shift_frac_bits = frac;
  return s;
}

// The narrow 4x4 cross-check arrays (saturate quickly) and the 8x5 acc32 ones.
inline ArraySpec narrow(PeKind pe, int rows = 4, int cols = 4) {
  return spec(pe, rows, cols, pe == PeKind::kMult ? 16 : pe == PeKind::kShift ? 23 : 10);
}
inline ArraySpec wide8x5(PeKind pe) { return spec(pe, 8, 5, 32); }

inline GemmJob job_of(int64_t M, int64_t K, int64_t N, std::vector<int64_t> A, std::vector<int64_t> B) {
  GemmJob j;
  j.M = M, j.K = K, j.N = N;
  j.A = std::move(A);
  j.B = std::move(B);
  return j;
}

// Runs the job on the RTL with the given dataflow/overflow; returns the result.
inline RtlRun run_rtl(ArraySpec s, const GemmJob& j, Dataflow df, Overflow ovf) {
  s.dataflow = df;
  s.overflow = ovf;
  return make_rtl_array(s)->run(j, df, ovf);
}

inline std::vector<int64_t> ref(ArraySpec s, const GemmJob& j, Overflow ovf) {
  s.overflow = ovf;
  return reference_gemm(s, j);
}

constexpr Dataflow kDataflows[] = {Dataflow::kWS, Dataflow::kOS};
constexpr Overflow kOverflows[] = {Overflow::kWrap, Overflow::kSaturate};
constexpr PeKind kKinds[] = {PeKind::kMult, PeKind::kShift, PeKind::kAdd};

}  // namespace shiftadd::rtltest
