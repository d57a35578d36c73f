#include "sim/reference_gemm.h"

#include "models/quant/int_gemm.h"

namespace shiftadd {

void decode_shift_code(int64_t code, int& sign, int& e) { nn::quant::decode_shift_code(code, sign, e); }

int64_t encode_shift_code(int sign, int e) { return nn::quant::encode_shift_code(sign, e); }

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

std::vector<int64_t> reference_gemm(const ArraySpec& s, const GemmJob& job) {
  return nn::quant::int_gemm(int_pe(s.pe), acc_spec(s), nn::quant::IntGemmJob{job.M, job.K, job.N, job.A, job.B});
}

}  // namespace shiftadd
