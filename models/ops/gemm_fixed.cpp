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
  if (s.O < 0 || s.K < 0 || s.P < 0 || s.ldw < s.K || (!s.xrow && s.ldx < s.P) || s.ldy < s.P)
    throw InputError(fmt::format("gemm_fixed: bad shape O {} K {} P {} with leading dimensions {} {} {}", s.O, s.K,
                                 s.P, s.ldw, s.ldx, s.ldy));
  if (!gemm_isa_supported(isa))
    throw InputError(fmt::format("gemm_fixed: this CPU does not run the {} kernel", to_string(isa)));
  using gemm_kernels::kMaxRows, gemm_kernels::kMaxWidth;
  std::vector<int64_t> rows(size_t(2 * s.K));
  GemmShape t = s;
  if (!t.xrow) {
    for (int64_t k = 0; k < s.K; ++k) rows[size_t(k)] = k * s.ldx;
    t.xrow = rows.data();
  }
  std::vector<float> floats(size_t((s.K + kMaxRows) * kMaxWidth));
  const gemm_kernels::Scratch sc{floats.data(), rows.data() + s.K, floats.data() + s.K * kMaxWidth};
  switch (isa) {
    case GemmIsa::kSse2: return gemm_kernels::sse2(w, x, y, t, sc);
    case GemmIsa::kAvx2: return gemm_kernels::avx2(w, x, y, t, sc);
    case GemmIsa::kAvx512: return gemm_kernels::avx512(w, x, y, t, sc);
  }
}

}  // namespace shiftadd::nn
