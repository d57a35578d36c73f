#include "models/ops/im2col.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace shiftadd::nn {

ConvGeom conv_geom(const Shape& x, const Shape& w, const Conv2dSpec& s) {
  if (x.size() != 4 || w.size() != 4)
    throw InputError(fmt::format("conv2d: need x [N,C,H,W] and weight [O,C/g,kh,kw], got {} and {}",
                                 shape_str(x), shape_str(w)));
  if (s.kernel_h < 1 || s.kernel_w < 1 || s.stride_h < 1 || s.stride_w < 1 || s.pad_h < 0 || s.pad_w < 0 ||
      s.groups < 1)
    throw InputError("conv2d: kernel and stride must be >= 1, padding >= 0, groups >= 1");
  ConvGeom g{};
  g.N = x[0], g.C = x[1], g.H = x[2], g.W = x[3], g.O = w[0], g.groups = s.groups;
  if (g.C % g.groups || g.O % g.groups)
    throw InputError(fmt::format("conv2d: channels in {} and out {} must be divisible by groups {}", g.C, g.O,
                                 g.groups));
  g.Cg = g.C / g.groups, g.Og = g.O / g.groups;
  if (w[1] != g.Cg || w[2] != s.kernel_h || w[3] != s.kernel_w)
    throw InputError(fmt::format("conv2d: weight {} does not match {} input channels per group and kernel {}x{}",
                                 shape_str(w), g.Cg, s.kernel_h, s.kernel_w));
  g.Ho = (g.H + 2 * s.pad_h - s.kernel_h) / s.stride_h + 1;
  g.Wo = (g.W + 2 * s.pad_w - s.kernel_w) / s.stride_w + 1;
  if (g.H + 2 * s.pad_h < s.kernel_h || g.W + 2 * s.pad_w < s.kernel_w)
    throw InputError(fmt::format("conv2d: kernel {}x{} larger than padded input {}", s.kernel_h, s.kernel_w,
                                 shape_str(x)));
  g.K = g.Cg * s.kernel_h * s.kernel_w;
  g.P = g.Ho * g.Wo;
  return g;
}

void im2col(const float* img, const ConvGeom& g, const Conv2dSpec& s, int64_t c0, float* cols, int64_t ldc) {
  if (ldc == 0) ldc = g.P;
  for (int64_t c = 0; c < g.Cg; ++c) {
    const float* plane = img + (c0 + c) * g.H * g.W;
    for (int64_t ki = 0; ki < s.kernel_h; ++ki)
      for (int64_t kj = 0; kj < s.kernel_w; ++kj) {
        float* row = cols + ((c * s.kernel_h + ki) * s.kernel_w + kj) * ldc;
        for (int64_t oy = 0; oy < g.Ho; ++oy) {
          const int64_t iy = oy * s.stride_h - s.pad_h + ki;
          float* out = row + oy * g.Wo;
          if (iy < 0 || iy >= g.H) {
            std::fill(out, out + g.Wo, 0.f);
            continue;
          }
          const float* in = plane + iy * g.W;
          // Output columns whose input column ix = ox * stride - pad + kj lies inside the row.
          const int64_t off = kj - s.pad_w;
          const int64_t lo = std::clamp<int64_t>(off >= 0 ? 0 : (-off + s.stride_w - 1) / s.stride_w, 0, g.Wo);
          const int64_t hi = std::clamp<int64_t>(g.W - off <= 0 ? 0 : (g.W - off + s.stride_w - 1) / s.stride_w, lo, g.Wo);
          std::fill(out, out + lo, 0.f);
          if (s.stride_w == 1) {
            std::copy(in + lo + off, in + hi + off, out + lo);
          } else {
            for (int64_t ox = lo; ox < hi; ++ox) out[ox] = in[ox * s.stride_w + off];
          }
          std::fill(out + hi, out + g.Wo, 0.f);
        }
      }
  }
}

void col2im(const float* cols, const ConvGeom& g, const Conv2dSpec& s, int64_t c0, float* img_grad) {
  for (int64_t c = 0; c < g.Cg; ++c) {
    float* plane = img_grad + (c0 + c) * g.H * g.W;
    for (int64_t ki = 0; ki < s.kernel_h; ++ki)
      for (int64_t kj = 0; kj < s.kernel_w; ++kj) {
        const float* row = cols + ((c * s.kernel_h + ki) * s.kernel_w + kj) * g.P;
        for (int64_t oy = 0; oy < g.Ho; ++oy) {
          const int64_t iy = oy * s.stride_h - s.pad_h + ki;
          if (iy < 0 || iy >= g.H) continue;
          const float* in = row + oy * g.Wo;
          float* out = plane + iy * g.W;
          for (int64_t ox = 0; ox < g.Wo; ++ox) {
            const int64_t ix = ox * s.stride_w - s.pad_w + kj;
            if (ix >= 0 && ix < g.W) out[ix] += in[ox];
          }
        }
      }
  }
}

}  // namespace shiftadd::nn
