#include "models/quant/qparams.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "models/ops/shift.h"

namespace shiftadd::nn::quant {

static void check_bits(int bits) {
  if (bits < 2 || bits > 16) throw InputError(fmt::format("quantization: bits {} outside [2, 16]", bits));
}

QParams affine_qparams(float lo, float hi, int bits) {
  check_bits(bits);
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi)
    throw InputError(fmt::format("quantization: bad range [{}, {}]", lo, hi));
  lo = std::min(lo, 0.f), hi = std::max(hi, 0.f);
  QParams q;
  q.bits = bits;
  const double levels = double(q.qmax()) - double(q.qmin());
  q.scale = hi > lo ? float((double(hi) - double(lo)) / levels) : 1.f;
  // zero_point maps lo to qmin; clamped so 0 stays representable.
  const double zp = double(q.qmin()) - double(lo) / double(q.scale);
  q.zero_point = int32_t(std::clamp(double(round_half_even(float(zp))), double(q.qmin()), double(q.qmax())));
  return q;
}

QParams symmetric_qparams(float absmax, int bits) {
  check_bits(bits);
  if (!std::isfinite(absmax) || absmax < 0) throw InputError(fmt::format("quantization: bad absmax {}", absmax));
  QParams q;
  q.bits = bits;
  q.scale = absmax > 0 ? absmax / float(q.qmax()) : 1.f;
  return q;
}

int32_t quantize_value(float x, const QParams& q) {
  const double v = double(round_half_even(x / q.scale)) + q.zero_point;
  return int32_t(std::clamp(v, double(q.qmin()), double(q.qmax())));
}

std::vector<int32_t> quantize(const Tensor& x, const QParams& q) {
  std::vector<int32_t> out(size_t(x.numel()));
  for (int64_t i = 0; i < x.numel(); ++i) out[size_t(i)] = quantize_value(x[i], q);
  return out;
}

Tensor dequantize(const std::vector<int32_t>& v, const Shape& shape, const QParams& q) {
  Tensor t(shape);
  if (int64_t(v.size()) != t.numel()) throw InputError("dequantize: value count does not match the shape");
  for (int64_t i = 0; i < t.numel(); ++i) t[i] = dequantize_value(v[size_t(i)], q);
  return t;
}

Tensor fake_quant(const Tensor& x, const QParams& q) {
  Tensor y(x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) y[i] = dequantize_value(quantize_value(x[i], q), q);
  return y;
}

Tensor fake_quant_backward(const Tensor& x, const Tensor& dy, const QParams& q) {
  check_same_shape(x, dy, "fake_quant dy");
  const float lo = dequantize_value(q.qmin(), q), hi = dequantize_value(q.qmax(), q);
  Tensor dx(x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) dx[i] = (x[i] >= lo && x[i] <= hi) ? dy[i] : 0.f;
  return dx;
}

void MinMaxObserver::observe(const Tensor& x) {
  if (x.empty()) return;
  const float mn = x.vec().minCoeff(), mx = x.vec().maxCoeff();
  lo = seen ? std::min(lo, mn) : mn;
  hi = seen ? std::max(hi, mx) : mx;
  seen = true;
}

}  // namespace shiftadd::nn::quant
