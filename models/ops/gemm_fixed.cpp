#include "models/ops/gemm_fixed.h"

#include <fmt/format.h>

#include <vector>

#include "core/error.h"

namespace shiftadd::nn {

const char* to_string(GemmIsa isa) {
  switch (isa) {
    case GemmIsa::kSse2: return "sse2";
    case GemmIsa::kAvx2: return "avx2";
    case GemmIsa::kAvx512: return "avx512";
  }
  return "?";
}

bool gemm_isa_supported(GemmIsa isa) {
#if defined(__x86_64__) || defined(__i386__)
  switch (isa) {
    case GemmIsa::kSse2: return true;
    case GemmIsa::kAvx2: return __builtin_cpu_supports("avx2");
    case GemmIsa::kAvx512: return __builtin_cpu_supports("avx512f");
  }
  return false;
#else
  return isa == GemmIsa::kSse2;  // the generic vector code; the name only means "narrowest"
#endif
}

GemmIsa best_gemm_isa() {
  for (GemmIsa isa : {GemmIsa::kAvx512, GemmIsa::kAvx2})
    if (gemm_isa_supported(isa)) return isa;
  return GemmIsa::kSse2;
}

void gemm_fixed(const float* w, const float* x, float* y, const GemmShape& s, GemmIsa isa) {
  if (s.O < 0 || s.K < 0 || s.P < 0 || s.ldw < s.K || s.ldx < s.P || s.ldy < s.P)
    throw InputError(fmt::format("gemm_fixed: bad shape O {} K {} P {} with leading dimensions {} {} {}", s.O, s.K,
                                 s.P, s.ldw, s.ldx, s.ldy));
  if (!gemm_isa_supported(isa))
    throw InputError(fmt::format("gemm_fixed: this CPU does not run the {} kernel", to_string(isa)));
  std::vector<float> scratch(size_t(gemm_kernels::scratch_floats(s.K)));
  switch (isa) {
    case GemmIsa::kSse2: return gemm_kernels::sse2(w, x, y, s, scratch.data());
    case GemmIsa::kAvx2: return gemm_kernels::avx2(w, x, y, s, scratch.data());
    case GemmIsa::kAvx512: return gemm_kernels::avx512(w, x, y, s, scratch.data());
  }
}

}  // namespace shiftadd::nn
