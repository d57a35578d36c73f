// gemm_fixed's sse2 kernel: 4-float vectors, 4 x 2-vector register tiles (models/CMakeLists.txt sets its flags).
#include "models/ops/gemm_fixed.h"

namespace {
#include "models/ops/gemm_fixed_body.h"
}  // namespace

namespace shiftadd::nn::gemm_kernels {

void sse2(const float* w, const float* x, float* y, const GemmShape& s, const Scratch& sc) {
  gemm_body<4, 4, 2>(w, x, y, s, sc);
}

}  // namespace shiftadd::nn::gemm_kernels
