#include "models/ops/shift.h"

#include <cmath>

#include "core/error.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"

namespace shiftadd::nn {

float round_half_even(float v) {
  if (std::fabs(v - std::trunc(v)) == 0.5f) return 2.f * std::round(v * 0.5f);
  return std::round(v);
}

static float ps_sign(float s, float threshold) { return s > threshold ? 1.f : s < -threshold ? -1.f : 0.f; }

Tensor shift_ps_weight(const Tensor& s, const Tensor& p, const ShiftPsRange& r) {
  check_same_shape(s, p, "shift_ps_weight");
  Tensor w(s.shape());
  for (int64_t i = 0; i < w.numel(); ++i) {
    const float pr = round_half_even(std::clamp(p[i], r.p_min, r.p_max));
    w[i] = ps_sign(s[i], r.sign_threshold) * std::ldexp(1.f, int(pr));
  }
  return w;
}

void shift_ps_backward(const Tensor& dw, const Tensor& w, Tensor& ds, Tensor& dp) {
  check_same_shape(dw, w, "shift_ps_backward");
  check_same_shape(ds, w, "shift_ps_backward ds");
  check_same_shape(dp, w, "shift_ps_backward dp");
  const float ln2 = float(M_LN2);
  ds.vec() += dw.vec();
  dp.vec().array() += dw.vec().array() * w.vec().array() * ln2;
}

void shift_ps_from_weight(const Tensor& w, Tensor& s, Tensor& p, const ShiftPsRange& r) {
  s = Tensor(w.shape());
  p = Tensor(w.shape());
  for (int64_t i = 0; i < w.numel(); ++i) {
    s[i] = w[i] > 0 ? 1.f : w[i] < 0 ? -1.f : 0.f;
    const float e = w[i] == 0 ? r.p_min : round_half_even(float(std::log2(std::fabs(double(w[i])))));
    p[i] = std::clamp(e, r.p_min, r.p_max);
  }
}

void clamp_inplace(Tensor& t, float lo, float hi) {
  for (float& v : t.values()) v = std::clamp(v, lo, hi);
}

Tensor shift_q_weight(const Tensor& w) {
  Tensor q(w.shape());
  for (int64_t i = 0; i < w.numel(); ++i) {
    if (w[i] == 0) continue;
    const float a = std::clamp(std::fabs(w[i]), kShiftQMinAbs, kShiftQMaxAbs);
    const float e = round_half_even(float(std::log2(double(a))));
    q[i] = std::copysign(std::ldexp(1.f, int(e)), w[i]);
  }
  return q;
}

void clamp_abs_inplace(Tensor& w, float lo, float hi) {
  for (float& v : w.values())
    if (v != 0) v = std::copysign(std::clamp(std::fabs(v), lo, hi), v);
}

ShiftWeights::ShiftWeights(ShiftMode m, const Shape& shape, int64_t fan_in, ShiftInit init, Rng& rng,
                           ShiftPsRange r)
    : mode(m), range(r) {
  if (mode == ShiftMode::kQ) {
    raw = Param(kaiming_uniform(shape, fan_in, rng));
    return;
  }
  if (init == ShiftInit::kReference) {
    shift = Param(Tensor::uniform(shape, rng, r.p_min, r.p_max), 0.f);
    sign = Param(Tensor::uniform(shape, rng, -1.f, 1.f), 0.f);
  } else {
    Tensor s, p;
    shift_ps_from_weight(kaiming_uniform(shape, fan_in, rng), s, p, r);
    shift = Param(p, 0.f);
    sign = Param(s, 0.f);
  }
}

Tensor ShiftWeights::weight() {
  if (mode == ShiftMode::kQ) {
    clamp_abs_inplace(raw.value);
    w_ = shift_q_weight(raw.value);
  } else {
    clamp_inplace(shift.value, range.p_min, range.p_max);
    w_ = shift_ps_weight(sign.value, shift.value, range);
  }
  return w_;
}

void ShiftWeights::backward(const Tensor& dw) {
  if (w_.empty()) throw InputError("shift layer: backward before forward");
  if (mode == ShiftMode::kQ)
    raw.grad += dw;
  else
    shift_ps_backward(dw, w_, sign.grad, shift.grad);
}

void ShiftWeights::collect_params(const std::string& prefix, ParamList& out) {
  if (mode == ShiftMode::kQ) {
    out.emplace_back(prefix + "weight", &raw);
  } else {
    out.emplace_back(prefix + "sign", &sign);
    out.emplace_back(prefix + "shift", &shift);
  }
}

ShiftConv2d::ShiftConv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& sp, bool has_bias, Rng& rng,
                         ShiftMode mode, ShiftInit init, ShiftPsRange r)
    : weights(mode, {out_ch, in_ch / sp.groups, sp.kernel_h, sp.kernel_w}, in_ch / sp.groups * sp.kernel_h * sp.kernel_w,
              init, rng, r),
      spec(sp) {
  if (in_ch % sp.groups || out_ch % sp.groups) throw InputError("ShiftConv2d: channels not divisible by groups");
  if (has_bias) bias = Param(kaiming_uniform({out_ch}, in_ch / sp.groups * sp.kernel_h * sp.kernel_w, rng), 0.f);
}

Tensor ShiftConv2d::forward(const Tensor& x) {
  keep_input(x_, x);
  w_ = weights.weight();
  return conv2d_forward(x, w_, &bias.value, spec);
}

Tensor ShiftConv2d::backward(const Tensor& dy) {
  check_kept(x_, "ShiftConv2d");
  Tensor dw = Tensor::zeros_like(w_);
  Tensor dx = conv2d_backward(x_, w_, dy, spec, &dw, bias.value.empty() ? nullptr : &bias.grad);
  weights.backward(dw);
  return dx;
}

void ShiftConv2d::collect_params(const std::string& prefix, ParamList& out) {
  weights.collect_params(prefix, out);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

ShiftLinear::ShiftLinear(int64_t in_features, int64_t out_features, bool has_bias, Rng& rng, ShiftMode mode,
                         ShiftInit init, ShiftPsRange r)
    : weights(mode, {out_features, in_features}, in_features, init, rng, r) {
  if (has_bias) bias = Param(kaiming_uniform({out_features}, in_features, rng), 0.f);
}

Tensor ShiftLinear::forward(const Tensor& x) {
  keep_input(x_, x);
  w_ = weights.weight();
  return linear_forward(x, w_, &bias.value);
}

Tensor ShiftLinear::backward(const Tensor& dy) {
  check_kept(x_, "ShiftLinear");
  Tensor dw = Tensor::zeros_like(w_);
  Tensor dx = linear_backward(x_, w_, dy, &dw, bias.value.empty() ? nullptr : &bias.grad);
  weights.backward(dw);
  return dx;
}

void ShiftLinear::collect_params(const std::string& prefix, ParamList& out) {
  weights.collect_params(prefix, out);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

}  // namespace shiftadd::nn
