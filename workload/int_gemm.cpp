#include "workload/int_gemm.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd::workload {

int64_t encode_shift_code(int sign, int e) {
  if (e < 0 || e > 15) throw InputError(fmt::format("shift code: exponent {} outside [0, 15]", e));
  const int s = sign > 0 ? 1 : sign < 0 ? 3 : 0;
  return (int64_t(s) << 4) | (sign == 0 ? 0 : e);
}

void decode_shift_code(int64_t code, int& sign, int& e) {
  const int s = int((code >> 4) & 3);
  sign = s == 1 ? 1 : s == 3 ? -1 : 0;
  e = int(code & 15);
}

int64_t pe_term(PeKind pe, const AccSpec& acc, int64_t a, int64_t b) {
  switch (pe) {
    case PeKind::kMult: return a * b;
    case PeKind::kShift: {
      int sign, e;
      decode_shift_code(b, sign, e);
      return sign * ((a * (int64_t(1) << acc.shift_frac_bits)) >> e);  // >> on negative: floor
    }
    case PeKind::kAdd: return -std::llabs(a - b);
  }
  return 0;
}

static int64_t wrap(int64_t v, int bits) {
  const uint64_t mask = bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (bits < 64 && (u >> (bits - 1))) u |= ~mask;
  return int64_t(u);
}

// Row m of C without saturation: c[n] += p(A[m][k], B[k][n]) in k-outer order, so B is read row by row.
// Integer sums are exact in int64 (at most 2^20 terms below 2^40), so the order is free.
template <class Term>
void accumulate_row(const IntGemmJob& job, int64_t m, int64_t* c, Term term) {
  for (int64_t k = 0; k < job.K; ++k) {
    const int64_t a = job.A[size_t(m * job.K + k)];
    const int64_t* b = job.B.data() + k * job.N;
    for (int64_t n = 0; n < job.N; ++n) c[n] += term(a, b[n]);
  }
}

std::vector<int64_t> int_gemm(PeKind pe, const AccSpec& acc, const IntGemmJob& job, const IndexLoop& loop) {
  if (int64_t(job.A.size()) != job.M * job.K || int64_t(job.B.size()) != job.K * job.N)
    throw InputError(fmt::format("int_gemm: operand sizes {} and {} do not match {}x{}x{}", job.A.size(),
                                 job.B.size(), job.M, job.K, job.N));
  if (acc.acc_bits < 2 || acc.acc_bits > 48) throw InputError("int_gemm: acc_bits must be in [2, 48]");
  const int64_t hi = (int64_t(1) << (acc.acc_bits - 1)) - 1, lo = -hi - 1;
  std::vector<int64_t> c(size_t(job.M * job.N), 0);
  const double cost = 2.0 * double(job.K * job.N);
  if (acc.saturate) {  // saturation is per step, so the k order of the hardware matters
    loop(job.M, cost, [&](int64_t m) {
      for (int64_t n = 0; n < job.N; ++n) {
        int64_t s = 0;
        for (int64_t k = 0; k < job.K; ++k)
          s = std::clamp(s + pe_term(pe, acc, job.A[size_t(m * job.K + k)], job.B[size_t(k * job.N + n)]), lo, hi);
        c[size_t(m * job.N + n)] = s;
      }
    });
    return c;
  }
  // Shift codes decoded once into signed powers: p = sign * ((a << F) >> e).
  std::vector<int64_t> sign, exp;
  if (pe == PeKind::kShift) {
    sign.resize(job.B.size()), exp.resize(job.B.size());
    for (size_t i = 0; i < job.B.size(); ++i) {
      int sg, e;
      decode_shift_code(job.B[i], sg, e);
      sign[i] = sg, exp[i] = e;
    }
  }
  const int64_t F = acc.shift_frac_bits;
  loop(job.M, cost, [&](int64_t m) {
    int64_t* row = c.data() + m * job.N;
    if (pe == PeKind::kMult) accumulate_row(job, m, row, [](int64_t a, int64_t b) { return a * b; });
    if (pe == PeKind::kAdd) accumulate_row(job, m, row, [](int64_t a, int64_t b) { return -std::llabs(a - b); });
    if (pe == PeKind::kShift)
      for (int64_t k = 0; k < job.K; ++k) {
        const int64_t a = job.A[size_t(m * job.K + k)] * (int64_t(1) << F);
        for (int64_t n = 0; n < job.N; ++n) row[n] += sign[size_t(k * job.N + n)] * (a >> exp[size_t(k * job.N + n)]);
      }
    // Wrapping every step equals wrapping once (modular arithmetic).
    for (int64_t n = 0; n < job.N; ++n) row[n] = wrap(row[n], acc.acc_bits);
  });
  return c;
}

}  // namespace shiftadd::workload
