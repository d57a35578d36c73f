#pragma once
// The body of gemm_fixed (gemm_fixed.h), included by one translation unit per instruction set inside an
// anonymous namespace, so each gets its own copy compiled for its -m flags. Those units are built with
// -ffp-contract=off: a fused multiply-add would change the bits. Include models/ops/gemm_fixed.h first.

template <int W>
struct Vec {
  typedef float type __attribute__((vector_size(W * 4)));
  typedef float unaligned __attribute__((vector_size(W * 4), aligned(4), may_alias));
};

// An R x (NV * W) block of y, its accumulators in registers across the whole k loop.
template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_tile(const float* w, const float* x, float* y,
                                             const shiftadd::nn::GemmShape& s) {
  using vf = typename Vec<W>::type;
  using uvf = typename Vec<W>::unaligned;
  vf acc[R][NV];
  _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] = vf{};
  for (int64_t k = 0; k < s.K; ++k) {
    vf xv[NV];
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) xv[v] = *reinterpret_cast<const uvf*>(x + k * s.ldx + v * W);
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) {
      const vf b = vf{} + w[r * s.ldw + k];
      _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] = acc[r][v] + b * xv[v];
    }
  }
  _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) *reinterpret_cast<uvf*>(y + r * s.ldy + v * W) = acc[r][v];
}

// One output element, the same chain of operations as one lane of gemm_tile.
inline float gemm_dot(const float* w, const float* x, const shiftadd::nn::GemmShape& s) {
  float acc = 0.f;
  for (int64_t k = 0; k < s.K; ++k) {
    const float prod = w[k] * x[k * s.ldx];
    acc = acc + prod;
  }
  return acc;
}

// Rows in blocks of R (then singly), columns in blocks of NV vectors, then single vectors, then scalars.
template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_rows(const float* w, const float* x, float* y,
                                             const shiftadd::nn::GemmShape& s, int64_t o) {
  int64_t p = 0;
  for (; p + NV * W <= s.P; p += NV * W) gemm_tile<W, R, NV>(w + o * s.ldw, x + p, y + o * s.ldy + p, s);
  for (; p + W <= s.P; p += W) gemm_tile<W, R, 1>(w + o * s.ldw, x + p, y + o * s.ldy + p, s);
  for (; p < s.P; ++p)
    for (int r = 0; r < R; ++r) y[(o + r) * s.ldy + p] = gemm_dot(w + (o + r) * s.ldw, x + p, s);
}

template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_body(const float* w, const float* x, float* y,
                                             const shiftadd::nn::GemmShape& s) {
  int64_t o = 0;
  for (; o + R <= s.O; o += R) gemm_rows<W, R, NV>(w, x, y, s, o);
  for (; o < s.O; ++o) gemm_rows<W, 1, NV>(w, x, y, s, o);
}
