#pragma once
// Integer GEMM semantics of the PE arrays (docs/hardware.md), defined once for the quantized networks
// (models/quant) and the hardware contract (cost/reference_gemm), so both agree bit for bit: same term
// p(a, b), same per-step overflow, same k order.
//   mult : p = a * b
//   shift: b is the 6-bit code {s[1:0], e[3:0]}, p = sign(s) * ((a << F) >> e)  (arithmetic shift)
//   add  : p = -|a - b|
#include <cstdint>
#include <vector>

#include "core/index_loop.h"
#include "core/pe_kind.h"

namespace shiftadd::workload {

struct AccSpec {
  int acc_bits = 32;
  bool saturate = false;     // false: wrap modulo 2^acc_bits
  int shift_frac_bits = 14;  // F
};

// Shift weight code: s = 01 -> +1, 11 -> -1, 00 (and reserved 10) -> 0; weight = sign * 2^-e, e in [0, 15].
int64_t encode_shift_code(int sign, int e);  // throws InputError on e outside [0, 15]
void decode_shift_code(int64_t code, int& sign, int& e);

// One M x K times K x N job: A holds activation codes, B weight codes (shift: 6-bit codes). Row-major.
struct IntGemmJob {
  int64_t M = 0, K = 0, N = 0;
  std::vector<int64_t> A, B;
};

int64_t pe_term(PeKind pe, const AccSpec& acc, int64_t a, int64_t b);
// C[m][n] = ovf(...ovf(ovf(0 + p(A[m][0], B[0][n])) + p(A[m][1], B[1][n]))...), k = 0..K-1.
// Rows of C are independent, so `loop` may run them in any order or in parallel (models/quant passes
// its deterministic TBB loop); the result is the same bit for bit.
std::vector<int64_t> int_gemm(PeKind pe, const AccSpec& acc, const IntGemmJob& job,
                              const IndexLoop& loop = serial_loop);

}  // namespace shiftadd::workload
