#include "sim/reference_gemm.h"

#include "models/quant/int_gemm.h"

namespace shiftadd {

void decode_shift_code(int64_t code, int& sign, int& e) { nn::quant::decode_shift_code(code, sign, e); }

int64_t encode_shift_code(int sign, int e) {
  const int s = sign > 0 ? 1 : sign < 0 ? 3 : 0;
  return (int64_t(s) << 4) | (e & 15);
}

namespace {
nn::quant::IntPe int_pe(PeKind k) {
  return k == PeKind::kMult ? nn::quant::IntPe::kMult : k == PeKind::kShift ? nn::quant::IntPe::kShift : nn::quant::IntPe::kAdd;
}
nn::quant::AccSpec acc_spec(const ArraySpec& s) {
  return {s.acc_bits, s.overflow == Overflow::kSaturate, s.shift_frac_bits};
}
}  // namespace

// The integer semantics are defined once, in models/quant/int_gemm (the quantized inference the
// hardware must match); the contract below is that definition applied to an ArraySpec.
int64_t pe_term(const ArraySpec& s, int64_t a, int64_t b) { return nn::quant::pe_term(int_pe(s.pe), acc_spec(s), a, b); }

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
  return nn::quant::int_gemm(int_pe(s.pe), acc_spec(s), nn::quant::IntGemmJob{job.M, job.K, job.N, job.A, job.B});
}

}  // namespace shiftadd
