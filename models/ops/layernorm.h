#pragma once
// LayerNorm over the last dimension with learnable gamma/beta.
#include "models/module.h"

namespace shiftadd::nn {

class LayerNorm : public Layer {
 public:
  explicit LayerNorm(int64_t dim, float eps = 1e-5f);
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;

  int64_t dim;
  float eps;
  Param gamma, beta;

 private:
  Tensor xhat_, inv_std_;
};

}  // namespace shiftadd::nn
