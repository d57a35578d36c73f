#pragma once
// Softmax over the last dimension.
#include "models/module.h"

namespace shiftadd::nn {

Tensor softmax_forward(const Tensor& x);
// dx = y * (dy - sum(dy * y)) with y the softmax output.
Tensor softmax_backward(const Tensor& y, const Tensor& dy);
Tensor log_softmax_forward(const Tensor& x);

class Softmax : public Layer {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}

 private:
  Tensor y_;
};

}  // namespace shiftadd::nn
