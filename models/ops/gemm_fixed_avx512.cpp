// gemm_fixed's avx512 kernel: 16-float vectors, 4 x 4-vector register tiles (models/CMakeLists.txt sets its flags).
#include "models/ops/gemm_fixed.h"

namespace {
#include "models/ops/gemm_fixed_body.h"
}  // namespace

namespace shiftadd::nn::gemm_kernels {

void avx512(const float* w, const float* x, float* y, const GemmShape& s, const Scratch& sc) {
  gemm_body<16, 4, 4>(w, x, y, s, sc);
}

}  // namespace shiftadd::nn::gemm_kernels
