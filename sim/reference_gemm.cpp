#include "sim/reference_gemm.h"

#include <cstdlib>

namespace shiftadd {

void decode_shift_code(int64_t code, int& sign, int& e) {
  const int s = int((code >> 4) & 3);
  sign = s == 1 ? 1 : s == 3 ? -1 : 0;
  e = int(code & 15);
}

int64_t encode_shift_code(int sign, int e) {
  const int s = sign > 0 ? 1 : sign < 0 ? 3 : 0;
  return (int64_t(s) << 4) | (e & 15);
}

int64_t pe_term(const ArraySpec& s, int64_t a, int64_t b) {
  switch (s.pe) {
    case PeKind::kMult:
      return a * b;
    case PeKind::kShift: {
      int sign, e;
      decode_shift_code(b, sign, e);
      const int64_t scaled = a * (int64_t(1) << s.shift_frac_bits);  // a <<< F
      const int64_t shifted = scaled >> e;                            // arithmetic: floor
      return sign * shifted;
    }
    case PeKind::kAdd:
      return -std::llabs(a - b);
  }
  return 0;
}

int64_t pe_accumulate(const ArraySpec& s, int64_t acc, int64_t p) {
  const int64_t sum = acc + p;  // |acc|, |p| < 2^47, so no int64 overflow
  const int64_t hi = (int64_t(1) << (s.acc_bits - 1)) - 1;
  const int64_t lo = -(int64_t(1) << (s.acc_bits - 1));
  if (s.overflow == Overflow::kSaturate) return sum > hi ? hi : sum < lo ? lo : sum;
  const uint64_t mask = (uint64_t(1) << s.acc_bits) - 1;
  uint64_t u = uint64_t(sum) & mask;
  if (u >> (s.acc_bits - 1)) u |= ~mask;  // sign-extend
  return int64_t(u);
}

std::vector<int64_t> reference_gemm(const ArraySpec& s, const GemmJob& job) {
  std::vector<int64_t> c(job.M * job.N, 0);
  for (int64_t m = 0; m < job.M; ++m)
    for (int64_t n = 0; n < job.N; ++n) {
      int64_t acc = 0;
      for (int64_t k = 0; k < job.K; ++k)
        acc = pe_accumulate(s, acc, pe_term(s, job.A[m * job.K + k], job.B[k * job.N + n]));
      c[m * job.N + n] = acc;
    }
  return c;
}

}  // namespace shiftadd
