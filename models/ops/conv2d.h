#pragma once
// conv2d (stride, padding, groups incl. depthwise) via im2col + Eigen GEMM, per image in parallel.
#include "models/module.h"
#include "models/ops/im2col.h"

namespace shiftadd::nn {

// y [N, O, Ho, Wo] = conv(x [N, C, H, W], w [O, C/groups, kh, kw]) + bias [O] (bias may be null).
Tensor conv2d_forward(const Tensor& x, const Tensor& w, const Tensor* bias, const Conv2dSpec& s);
// Accumulates dL/dw into *dw and dL/dbias into *db (either may be null); returns dL/dx when need_dx
// (an empty tensor otherwise). The weight gradient is reduced over fixed image chunks in order.
Tensor conv2d_backward(const Tensor& x, const Tensor& w, const Tensor& dy, const Conv2dSpec& s, Tensor* dw,
                       Tensor* db, bool need_dx = true);
// Sum of dy over N, H, W into db [O] (shared by every conv-like op).
void conv_bias_backward(const Tensor& dy, Tensor& db);
// PyTorch default init: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
Tensor kaiming_uniform(const Shape& shape, int64_t fan_in, Rng& rng);

class Conv2d : public Layer {
 public:
  Conv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& spec, bool bias, Rng& rng);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;

  Param weight, bias;  // bias is empty when disabled
  Conv2dSpec spec;

 private:
  Tensor x_;
};

}  // namespace shiftadd::nn
