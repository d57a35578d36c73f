#pragma once
// Bit-exact golden model of an array job: the contract in docs/hardware.md. It applies the integer
// semantics of workload/int_gemm (shared with the quantized Eigen inference) to an ArraySpec, so the RTL, the
// SystemC models and the quantized networks are all checked against one definition.
#include <cstdint>
#include <vector>

#include "cost/array_spec.h"

namespace shiftadd {

// One PE step: the term p(a, b) for the given kind (exact, before overflow handling).
int64_t pe_term(const ArraySpec& s, int64_t a, int64_t b);
// Decodes a 6-bit shift code into (sign in {-1,0,1}, e in [0,15]).
void decode_shift_code(int64_t code, int& sign, int& e);
// Encodes sign and exponent magnitude e (weight = sign * 2^-e) into the 6-bit code; a zero sign gives
// code 0. InputError when e is outside [0, 15].
int64_t encode_shift_code(int sign, int e);

// C = reduce_k(ovf(acc + p(A[m][k], B[k][n]))) in order k = 0..K-1. Row-major M x N.
std::vector<int64_t> reference_gemm(const ArraySpec& s, const GemmJob& job);

}  // namespace shiftadd
