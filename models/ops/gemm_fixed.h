#pragma once
// Fixed-order float GEMM for inference: y[o][p] = sum over k = 0, 1, ..., K-1 of w[o][k] * x[k][p], starting
// from +0, each product rounded before it is added (no FMA). Every output element is one chain of IEEE
// single-precision operations in that order, so the result has the same bits on every instruction set: the
// kernels only vectorise over p (SSE2, AVX2 or AVX-512, picked at run time). Eigen's GEMM cannot promise
// this: its order depends on the packet width, the tails and the cache-size blocking.
#include <cstdint>

namespace shiftadd::nn {

enum class GemmIsa { kSse2, kAvx2, kAvx512 };

const char* to_string(GemmIsa isa);
bool gemm_isa_supported(GemmIsa isa);
GemmIsa best_gemm_isa();  // the widest that this CPU runs

// Row-major operands with leading dimensions: w(o, k) = w[o * ldw + k], y(o, p) = y[o * ldy + p], and
// x(k, p) = x[k * ldx + p], or x[xrow[k] + p] when xrow is given (K offsets, e.g. one shifted view of a
// padded image per kernel tap: models/ops/conv2d_fixed.cpp). Throws InputError for a GemmIsa this CPU does
// not run.
struct GemmShape {
  int64_t O, K, P, ldw, ldx, ldy;
  const int64_t* xrow = nullptr;
};
void gemm_fixed(const float* w, const float* x, float* y, const GemmShape& s, GemmIsa isa);
inline void gemm_fixed(const float* w, const float* x, float* y, const GemmShape& s) {
  gemm_fixed(w, x, y, s, best_gemm_isa());
}

// The kernels, one per translation unit built for its instruction set (gemm_fixed_<isa>.cpp). They read x
// through s.xrow (never null there) and take their scratch from the dispatcher, so that no standard-library
// code is compiled for a wider instruction set than the baseline.
namespace gemm_kernels {
constexpr int64_t kMaxWidth = 16, kMaxRows = 8;
struct Scratch {
  float* panel;         // K * kMaxWidth: the last P % width columns, zero-padded
  int64_t* panel_rows;  // K
  float* out;           // kMaxRows * kMaxWidth
};
void sse2(const float* w, const float* x, float* y, const GemmShape& s, const Scratch& sc);
void avx2(const float* w, const float* x, float* y, const GemmShape& s, const Scratch& sc);
void avx512(const float* w, const float* x, float* y, const GemmShape& s, const Scratch& sc);
}  // namespace gemm_kernels

}  // namespace shiftadd::nn
