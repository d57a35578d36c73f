#pragma once
// Shift (power-of-two weight) conv/linear, DeepShift style, as in the ShiftAddNAS reference code.
//
// DeepShift-PS: parameters sign s and shift p; weight w = sign(round(s)) * 2^round(clamp(p, -14, 0)).
//   Straight-through estimator (the reference's unsym_grad_mul): dL/ds = dL/dw, dL/dp = dL/dw * w * ln 2.
// DeepShift-Q: parameter w; |w| is clamped to [2^-15, 1] (zeros stay 0), then rounded to the nearest power
//   of two in the log domain: w_q = sign(w) * 2^round(log2|w|). STE: dL/dw = dL/dw_q.
// Rounding is half-to-even, like torch.round.
#include "models/module.h"
#include "models/ops/im2col.h"

namespace shiftadd::nn {

struct ShiftPsRange {
  float p_min = -14.f, p_max = 0.f;  // the reference's 5-bit range (-(2^4 - 2), 0)
  float sign_threshold = 0.5f;       // |s| > threshold -> +-1, else 0 (0.5 is sign(round(s)))
};
inline constexpr float kShiftQMinAbs = 1.f / 32768.f;  // 2^-15
inline constexpr float kShiftQMaxAbs = 1.f;

float round_half_even(float v);

// Elementwise PS weight from (s, p).
Tensor shift_ps_weight(const Tensor& s, const Tensor& p, const ShiftPsRange& r = {});
// STE: accumulates ds += dw and dp += dw * w * ln2, where w is the PS weight from shift_ps_weight.
void shift_ps_backward(const Tensor& dw, const Tensor& w, Tensor& ds, Tensor& dp);
// Parameters that reproduce a float weight as closely as PS can: s = sign(w), p = clamp(round(log2|w|)).
void shift_ps_from_weight(const Tensor& w, Tensor& s, Tensor& p, const ShiftPsRange& r = {});
// The reference clamps p's storage in place every forward (a projection, not part of the gradient).
void clamp_inplace(Tensor& t, float lo, float hi);

// DeepShift-Q weight (the clamp is applied here; gradient is the identity).
Tensor shift_q_weight(const Tensor& w);
// The reference's clampabs projection of the parameter storage: |w| into [lo, hi], zeros kept.
void clamp_abs_inplace(Tensor& w, float lo = kShiftQMinAbs, float hi = kShiftQMaxAbs);

enum class ShiftMode { kPS, kQ };
enum class ShiftInit {
  kReference,  // PS: p ~ U(p_min, p_max), s ~ U(-1, 1) as in the reference; Q: kaiming uniform
  kFromKaiming // PS: converted from a kaiming-uniform float weight with shift_ps_from_weight
};

// Shared parameter handling of ShiftConv2d and ShiftLinear.
class ShiftWeights {
 public:
  ShiftWeights(ShiftMode mode, const Shape& shape, int64_t fan_in, ShiftInit init, Rng& rng, ShiftPsRange r);
  Tensor weight();                       // projects parameters, then returns the effective weight
  void backward(const Tensor& dw);       // STE into the parameters
  void collect_params(const std::string& prefix, ParamList& out);

  ShiftMode mode;
  ShiftPsRange range;
  Param sign, shift;  // PS
  Param raw;          // Q
 private:
  Tensor w_;
};

class ShiftConv2d : public Layer {
 public:
  ShiftConv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& spec, bool bias, Rng& rng,
              ShiftMode mode = ShiftMode::kPS, ShiftInit init = ShiftInit::kReference, ShiftPsRange r = {});
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;
  Tensor effective_weight() { return weights.weight(); }

  ShiftWeights weights;
  Param bias;
  Conv2dSpec spec;

 private:
  Tensor x_, w_;
};

class ShiftLinear : public Layer {
 public:
  ShiftLinear(int64_t in_features, int64_t out_features, bool bias, Rng& rng, ShiftMode mode = ShiftMode::kPS,
              ShiftInit init = ShiftInit::kReference, ShiftPsRange r = {});
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;
  Tensor effective_weight() { return weights.weight(); }

  ShiftWeights weights;
  Param bias;

 private:
  Tensor x_, w_;
};

}  // namespace shiftadd::nn
