#pragma once
// Fully connected layer on the last dimension: y [..., out] = x [..., in] W^T + b.
#include "models/module.h"

namespace shiftadd::nn {

Tensor linear_forward(const Tensor& x, const Tensor& w, const Tensor* bias);
// Accumulates into *dw / *db (may be null); returns dx when need_dx.
Tensor linear_backward(const Tensor& x, const Tensor& w, const Tensor& dy, Tensor* dw, Tensor* db,
                       bool need_dx = true);

class Linear : public Layer {
 public:
  Linear(int64_t in_features, int64_t out_features, bool bias, Rng& rng);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;

  Param weight, bias;  // weight [out, in]; bias [out] or empty

 private:
  Tensor x_;
};

}  // namespace shiftadd::nn
