#pragma once
// The integer GEMM semantics of workload/int_gemm, run on the deterministic TBB row loop
// (models/parallel.h). Rows are independent, so the result is the serial one bit for bit.
#include "models/parallel.h"
#include "workload/int_gemm.h"

namespace shiftadd::nn::quant {

using workload::AccSpec;
using workload::decode_shift_code;
using workload::encode_shift_code;
using workload::IntGemmJob;
using workload::pe_term;

inline std::vector<int64_t> parallel_int_gemm(PeKind pe, const AccSpec& acc, const IntGemmJob& job) {
  return workload::int_gemm(pe, acc, job, tbb_index_loop);
}

}  // namespace shiftadd::nn::quant
