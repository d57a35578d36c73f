#pragma once
// Uniform min/max affine quantization (the reference's 8-bit scheme) to signed `bits`-bit integers:
//   q = clamp(round_half_even(x / scale) + zero_point, -2^(bits-1), 2^(bits-1) - 1),  x ~ scale * (q - zp).
// The range always includes 0 so that 0 (zero padding) is exactly representable as zero_point.
#include <cstdint>
#include <vector>

#include "models/tensor.h"

namespace shiftadd::nn::quant {

struct QParams {
  float scale = 1.f;
  int32_t zero_point = 0;
  int bits = 8;
  int32_t qmin() const { return -(int32_t(1) << (bits - 1)); }
  int32_t qmax() const { return (int32_t(1) << (bits - 1)) - 1; }
};

// Affine parameters covering [min(lo, 0), max(hi, 0)] with 2^bits levels. Throws InputError on bits
// outside [2, 16] or non-finite bounds.
QParams affine_qparams(float lo, float hi, int bits = 8);
// Zero point 0, scale = absmax / (2^(bits-1) - 1).
QParams symmetric_qparams(float absmax, int bits = 8);

int32_t quantize_value(float x, const QParams& q);
inline float dequantize_value(int32_t v, const QParams& q) { return q.scale * float(v - q.zero_point); }
std::vector<int32_t> quantize(const Tensor& x, const QParams& q);
Tensor dequantize(const std::vector<int32_t>& v, const Shape& shape, const QParams& q);

// Fake quantization dequantize(quantize(x)) for quantization-aware evaluation/training. Backward is the
// clipped straight-through estimator: dy inside the representable range, 0 where x was clamped.
Tensor fake_quant(const Tensor& x, const QParams& q);
Tensor fake_quant_backward(const Tensor& x, const Tensor& dy, const QParams& q);

// Running min/max of activations seen during calibration.
struct MinMaxObserver {
  float lo = 0.f, hi = 0.f;
  bool seen = false;
  void observe(const Tensor& x);
  QParams affine(int bits = 8) const { return affine_qparams(lo, hi, bits); }
};

}  // namespace shiftadd::nn::quant
