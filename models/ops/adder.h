#pragma once
// AdderNet conv/linear: y = -sum_k |x_k - w_k| (+ bias). Backward follows the AdderNet paper, not the
// true derivative: dL/dw uses the full-precision difference (x - w) and dL/dx uses HardTanh(w - x).
// The weights carry GradHook::kAdderAdaptive so the optimizer applies eta*sqrt(k)/||g|| (eta = 0.2).
#include "models/module.h"
#include "models/ops/im2col.h"

namespace shiftadd::nn {

// x [N, C, H, W], w [O, C/groups, kh, kw]; padding reads as 0 (as in the reference's unfold).
Tensor adder_conv2d_forward(const Tensor& x, const Tensor& w, const Tensor* bias, const Conv2dSpec& s);
// Accumulates sum dy * (x - w) into *dw, sum dy into *db; returns sum dy * HardTanh(w - x) when need_dx.
Tensor adder_conv2d_backward(const Tensor& x, const Tensor& w, const Tensor& dy, const Conv2dSpec& s,
                             Tensor* dw, Tensor* db, bool need_dx = true);

// x [..., in], w [out, in] -> y [..., out].
Tensor adder_linear_forward(const Tensor& x, const Tensor& w, const Tensor* bias);
Tensor adder_linear_backward(const Tensor& x, const Tensor& w, const Tensor& dy, Tensor* dw, Tensor* db,
                             bool need_dx = true);

inline constexpr float kAdderEta = 0.2f;

class AddConv2d : public Layer {
 public:
  // Weights N(0, 1) as in the reference; no bias by default (a BatchNorm follows every adder conv).
  AddConv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& spec, bool bias, Rng& rng, float eta = kAdderEta);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;

  Param weight, bias;
  Conv2dSpec spec;

 private:
  Tensor x_;
};

class AddLinear : public Layer {
 public:
  AddLinear(int64_t in_features, int64_t out_features, bool bias, Rng& rng, float eta = kAdderEta);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;

  Param weight, bias;

 private:
  Tensor x_;
};

}  // namespace shiftadd::nn
