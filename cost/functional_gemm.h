#pragma once
// Bit-exact array results (== reference_gemm) computed fast: exact sums from the PE kind's kernel,
// then the overflow mode applied where it can matter. Only saturating outputs whose partial sums
// can leave the accumulator range are replayed term by term in k order.
#include <cstdint>
#include <vector>

#include "cost/array_spec.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {

struct FunctionalStats {
  int64_t sequential_outputs = 0;  // outputs replayed term by term (saturation possible)
};

std::vector<int64_t> functional_gemm(const PeModel& pe, const ArraySpec& s, const GemmJob& job,
                                     FunctionalStats* stats = nullptr);

// acc_bits two's-complement wrap of an exact integer.
int64_t wrap_to_bits(int64_t v, int bits);

}  // namespace shiftadd
