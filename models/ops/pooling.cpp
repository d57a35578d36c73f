#include "models/ops/pooling.h"

#include <limits>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

namespace {
struct PoolGeom {
  int64_t NC, H, W, Ho, Wo;
};

PoolGeom pool_geom(const Tensor& x, const PoolSpec& s) {
  if (x.ndim() != 4) throw InputError(fmt::format("pool2d: expected [N, C, H, W], got {}", shape_str(x.shape())));
  if (s.kernel < 1 || s.stride < 1 || s.pad < 0 || 2 * s.pad > s.kernel)
    throw InputError("pool2d: need kernel >= 1, stride >= 1 and 0 <= pad <= kernel / 2");
  PoolGeom g{x.dim(0) * x.dim(1), x.dim(2), x.dim(3), 0, 0};
  if (g.H + 2 * s.pad < s.kernel || g.W + 2 * s.pad < s.kernel)
    throw InputError(fmt::format("pool2d: kernel {} larger than padded input {}", s.kernel, shape_str(x.shape())));
  g.Ho = (g.H + 2 * s.pad - s.kernel) / s.stride + 1;
  g.Wo = (g.W + 2 * s.pad - s.kernel) / s.stride + 1;
  return g;
}
}  // namespace

Tensor MaxPool2d::forward(const Tensor& x) {
  const PoolGeom g = pool_geom(x, spec);
  in_shape_ = x.shape();
  Tensor y({x.dim(0), x.dim(1), g.Ho, g.Wo});
  argmax_.assign(size_t(y.numel()), 0);
  parallel_for_each(g.NC, double(g.Ho * g.Wo * spec.kernel * spec.kernel), [&](int64_t p) {
    for (int64_t oy = 0; oy < g.Ho; ++oy)
      for (int64_t ox = 0; ox < g.Wo; ++ox) {
        float best = -std::numeric_limits<float>::infinity();
        int64_t arg = -1;
        for (int64_t ky = 0; ky < spec.kernel; ++ky)
          for (int64_t kx = 0; kx < spec.kernel; ++kx) {
            const int64_t iy = oy * spec.stride - spec.pad + ky, ix = ox * spec.stride - spec.pad + kx;
            if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
            const int64_t idx = (p * g.H + iy) * g.W + ix;
            if (arg < 0 || x[idx] > best) best = x[idx], arg = idx;  // first maximum wins ties
          }
        const int64_t o = (p * g.Ho + oy) * g.Wo + ox;
        y[o] = best;
        argmax_[size_t(o)] = arg;
      }
  });
  return y;
}

Tensor MaxPool2d::backward(const Tensor& dy) {
  if (int64_t(argmax_.size()) != dy.numel()) throw InputError("maxpool: dy does not match the forward output");
  Tensor dx(in_shape_);
  // Windows overlap when stride < kernel, so scatter sequentially (deterministic order).
  for (int64_t o = 0; o < dy.numel(); ++o) dx[argmax_[size_t(o)]] += dy[o];
  return dx;
}

Tensor AvgPool2d::forward(const Tensor& x) {
  const PoolGeom g = pool_geom(x, spec);
  in_shape_ = x.shape();
  Tensor y({x.dim(0), x.dim(1), g.Ho, g.Wo});
  const float inv = 1.f / float(spec.kernel * spec.kernel);
  parallel_for_each(g.NC, double(g.Ho * g.Wo * spec.kernel * spec.kernel), [&](int64_t p) {
    for (int64_t oy = 0; oy < g.Ho; ++oy)
      for (int64_t ox = 0; ox < g.Wo; ++ox) {
        float acc = 0.f;
        for (int64_t ky = 0; ky < spec.kernel; ++ky)
          for (int64_t kx = 0; kx < spec.kernel; ++kx) {
            const int64_t iy = oy * spec.stride - spec.pad + ky, ix = ox * spec.stride - spec.pad + kx;
            if (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) acc += x[(p * g.H + iy) * g.W + ix];
          }
        y[(p * g.Ho + oy) * g.Wo + ox] = acc * inv;
      }
  });
  return y;
}

Tensor AvgPool2d::backward(const Tensor& dy) {
  Tensor dx(in_shape_);
  const PoolGeom g = pool_geom(dx, spec);
  check_shape(dy, {in_shape_[0], in_shape_[1], g.Ho, g.Wo}, "avgpool dy");
  const float inv = 1.f / float(spec.kernel * spec.kernel);
  parallel_for_each(g.NC, double(g.Ho * g.Wo * spec.kernel * spec.kernel), [&](int64_t p) {
    for (int64_t oy = 0; oy < g.Ho; ++oy)
      for (int64_t ox = 0; ox < g.Wo; ++ox) {
        const float d = dy[(p * g.Ho + oy) * g.Wo + ox] * inv;
        for (int64_t ky = 0; ky < spec.kernel; ++ky)
          for (int64_t kx = 0; kx < spec.kernel; ++kx) {
            const int64_t iy = oy * spec.stride - spec.pad + ky, ix = ox * spec.stride - spec.pad + kx;
            if (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) dx[(p * g.H + iy) * g.W + ix] += d;
          }
      }
  });
  return dx;
}

Tensor GlobalAvgPool::forward(const Tensor& x) {
  if (x.ndim() != 4) throw InputError(fmt::format("global pool: expected [N, C, H, W], got {}", shape_str(x.shape())));
  in_shape_ = x.shape();
  const int64_t NC = x.dim(0) * x.dim(1), L = x.dim(2) * x.dim(3);
  Tensor y({x.dim(0), x.dim(1)});
  y.vec() = x.mat(NC, L).rowwise().mean();
  return y;
}

Tensor GlobalAvgPool::backward(const Tensor& dy) {
  check_shape(dy, {in_shape_[0], in_shape_[1]}, "global pool dy");
  Tensor dx(in_shape_);
  const int64_t NC = in_shape_[0] * in_shape_[1], L = in_shape_[2] * in_shape_[3];
  dx.mat(NC, L).colwise() = dy.vec() / float(L);
  return dx;
}

}  // namespace shiftadd::nn
