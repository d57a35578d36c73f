#pragma once
// The body of gemm_fixed (gemm_fixed.h), included by one translation unit per instruction set inside an
// anonymous namespace, so each gets its own copy compiled for its -m flags. Those units are built with
// -ffp-contract=off: a fused multiply-add would change the bits. Include models/ops/gemm_fixed.h first. No
// standard-library templates here: their out-of-line copies would be compiled for this unit's instruction
// set and could be the ones the linker keeps for the whole program.

template <int W>
struct Vec {
  typedef float type __attribute__((vector_size(W * 4)));
  typedef float unaligned __attribute__((vector_size(W * 4), aligned(4), may_alias));
};

// An R x (NV * W) block of y, its accumulators in registers across the whole k loop; row k of x starts at
// x + xrow[k].
template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_tile(const float* w, const float* x, const int64_t* xrow, float* y,
                                             const shiftadd::nn::GemmShape& s) {
  using vf = typename Vec<W>::type;
  using uvf = typename Vec<W>::unaligned;
  vf acc[R][NV];
  _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] = vf{};
  for (int64_t k = 0; k < s.K; ++k) {
    vf xv[NV];
    const float* xk = x + xrow[k];
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) xv[v] = *reinterpret_cast<const uvf*>(xk + v * W);
    _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r) {
      const vf b = vf{} + w[r * s.ldw + k];
      _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) acc[r][v] = acc[r][v] + b * xv[v];
    }
  }
  _Pragma("GCC unroll 8") for (int r = 0; r < R; ++r)
    _Pragma("GCC unroll 8") for (int v = 0; v < NV; ++v) *reinterpret_cast<uvf*>(y + r * s.ldy + v * W) = acc[r][v];
}

// Column blocks of NV vectors from p up to pend, then of NV/2, ..., 1 (more accumulators than single vectors).
template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_cols(const float* w, const float* x, float* y,
                                             const shiftadd::nn::GemmShape& s, int64_t o, int64_t& p, int64_t pend) {
  for (; p + NV * W <= pend; p += NV * W) gemm_tile<W, R, NV>(w + o * s.ldw, x + p, s.xrow, y + o * s.ldy + p, s);
  if constexpr (NV > 1) gemm_cols<W, R, NV / 2>(w, x, y, s, o, p, pend);
}

// The last P % W columns: x's columns copied into a zero-padded K x W panel, one vector tile per block of
// rows into a scratch block, its valid columns copied out. Each lane is still its own chain, so the bits are
// those of the full vectors.
template <int W, int R>
inline void gemm_tail(const float* w, const float* x, float* y, const shiftadd::nn::GemmShape& s, int64_t p0,
                      const shiftadd::nn::gemm_kernels::Scratch& sc) {
  static_assert(W <= shiftadd::nn::gemm_kernels::kMaxWidth && R <= shiftadd::nn::gemm_kernels::kMaxRows);
  const int64_t n = s.P - p0;
  for (int64_t k = 0; k < s.K; ++k) {
    sc.panel_rows[k] = k * W;
    for (int64_t j = 0; j < W; ++j) sc.panel[k * W + j] = j < n ? x[s.xrow[k] + p0 + j] : 0.f;
  }
  int64_t o = 0;
  for (; o + R <= s.O; o += R) {
    gemm_tile<W, R, 1>(w + o * s.ldw, sc.panel, sc.panel_rows, sc.out, {s.O, s.K, W, s.ldw, W, W});
    for (int r = 0; r < R; ++r)
      for (int64_t j = 0; j < n; ++j) y[(o + r) * s.ldy + p0 + j] = sc.out[r * W + j];
  }
  for (; o < s.O; ++o) {
    gemm_tile<W, 1, 1>(w + o * s.ldw, sc.panel, sc.panel_rows, sc.out, {s.O, s.K, W, s.ldw, W, W});
    for (int64_t j = 0; j < n; ++j) y[o * s.ldy + p0 + j] = sc.out[j];
  }
}

// Rows in blocks of R (then singly) over the whole vectors of columns, then the tail columns.
template <int W, int R, int NV>
[[gnu::always_inline]] inline void gemm_body(const float* w, const float* x, float* y,
                                             const shiftadd::nn::GemmShape& s,
                                             const shiftadd::nn::gemm_kernels::Scratch& sc) {
  const int64_t pv = s.P / W * W;
  int64_t o = 0;
  for (; o + R <= s.O; o += R) {
    int64_t p = 0;
    gemm_cols<W, R, NV>(w, x, y, s, o, p, pv);
  }
  for (; o < s.O; ++o) {
    int64_t p = 0;
    gemm_cols<W, 1, NV>(w, x, y, s, o, p, pv);
  }
  if (pv < s.P) gemm_tail<W, R>(w, x, y, s, pv, sc);
}
