#include "models/ops/lightweight_conv.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

namespace {
struct LwDims {
  int64_t B, T, C, H, K, per_head;
};

LwDims lw_dims(const Tensor& x, const Tensor& w, int64_t pad_left, PeKind kind) {
  if (kind == PeKind::kShift) throw InputError("lightweight conv: kind must be mult or add, got shift");
  if (x.ndim() != 3 || w.ndim() != 2)
    throw InputError(fmt::format("lightweight conv: need x [B, T, C] and w [H, k], got {} and {}",
                                 shape_str(x.shape()), shape_str(w.shape())));
  LwDims d{x.dim(0), x.dim(1), x.dim(2), w.dim(0), w.dim(1), 0};
  if (d.H < 1 || d.C % d.H) throw InputError(fmt::format("lightweight conv: {} channels, {} heads", d.C, d.H));
  if (pad_left < 0 || pad_left >= d.K) throw InputError("lightweight conv: pad_left must be in [0, k)");
  d.per_head = d.C / d.H;
  return d;
}
}  // namespace

Tensor lightweight_conv_forward(const Tensor& x, const Tensor& w, int64_t pad_left, PeKind kind) {
  const LwDims d = lw_dims(x, w, pad_left, kind);
  Tensor y(x.shape());
  parallel_for_each(d.B, 3.0 * d.T * d.C * d.K, [&](int64_t b) {
    for (int64_t t = 0; t < d.T; ++t)
      for (int64_t j = 0; j < d.K; ++j) {
        const int64_t ts = t + j - pad_left;
        const bool in = ts >= 0 && ts < d.T;
        if (kind == PeKind::kMult && !in) continue;
        float* yr = y.data() + (b * d.T + t) * d.C;
        const float* xr = in ? x.data() + (b * d.T + ts) * d.C : nullptr;
        for (int64_t c = 0; c < d.C; ++c) {
          const float wv = w[(c / d.per_head) * d.K + j], xv = in ? xr[c] : 0.f;
          yr[c] += kind == PeKind::kMult ? wv * xv : -std::fabs(xv - wv);
        }
      }
  });
  return y;
}

Tensor lightweight_conv_backward(const Tensor& x, const Tensor& w, const Tensor& dy, int64_t pad_left, Tensor* dw,
                                 PeKind kind) {
  const LwDims d = lw_dims(x, w, pad_left, kind);
  check_same_shape(x, dy, "lightweight conv dy");
  if (dw) check_same_shape(*dw, w, "lightweight conv dw");
  Tensor dx(x.shape());
  // dx: each batch row is independent. dw: per-batch partials summed in batch order (deterministic).
  std::vector<double> part(size_t(d.B * d.H * d.K), 0.0);
  parallel_for_each(d.B, 4.0 * d.T * d.C * d.K, [&](int64_t b) {
    double* pw = part.data() + b * d.H * d.K;
    for (int64_t t = 0; t < d.T; ++t)
      for (int64_t j = 0; j < d.K; ++j) {
        const int64_t ts = t + j - pad_left;
        const bool in = ts >= 0 && ts < d.T;
        const float* g = dy.data() + (b * d.T + t) * d.C;
        for (int64_t c = 0; c < d.C; ++c) {
          const int64_t wi = (c / d.per_head) * d.K + j;
          const float xv = in ? x[(b * d.T + ts) * d.C + c] : 0.f;
          if (kind == PeKind::kMult) {
            pw[wi] += double(g[c]) * xv;
            if (in) dx[(b * d.T + ts) * d.C + c] += g[c] * w[wi];
          } else {  // AdderNet: dw = dy (x - w), dx = dy HardTanh(w - x)
            pw[wi] += double(g[c]) * (double(xv) - w[wi]);
            if (in) dx[(b * d.T + ts) * d.C + c] += g[c] * std::clamp(w[wi] - xv, -1.f, 1.f);
          }
        }
      }
  });
  if (dw)
    for (int64_t i = 0; i < d.H * d.K; ++i) {
      double s = 0;
      for (int64_t b = 0; b < d.B; ++b) s += part[size_t(b * d.H * d.K + i)];
      (*dw)[i] += float(s);
    }
  return dx;
}

}  // namespace shiftadd::nn
