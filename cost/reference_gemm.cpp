#include "cost/reference_gemm.h"

#include "workload/int_gemm.h"

namespace shiftadd {

void decode_shift_code(int64_t code, int& sign, int& e) { workload::decode_shift_code(code, sign, e); }

int64_t encode_shift_code(int sign, int e) { return workload::encode_shift_code(sign, e); }

namespace {
workload::AccSpec acc_spec(const ArraySpec& s) { return {s.acc_bits, s.overflow == Overflow::kSaturate, s.shift_frac_bits}; }
}  // namespace

// The integer semantics are defined once, in workload/int_gemm (shared with the quantized inference
// of models/quant); the contract below is that definition applied to an ArraySpec.
int64_t pe_term(const ArraySpec& s, int64_t a, int64_t b) { return workload::pe_term(s.pe, acc_spec(s), a, b); }

std::vector<int64_t> reference_gemm(const ArraySpec& s, const GemmJob& job) {
  return workload::int_gemm(s.pe, acc_spec(s), workload::IntGemmJob{job.M, job.K, job.N, job.A, job.B});
}

}  // namespace shiftadd
