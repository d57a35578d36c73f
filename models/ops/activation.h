#pragma once
// Elementwise activations: ReLU, GELU (exact erf form, PyTorch's default), SiLU.
#include "models/module.h"

namespace shiftadd::nn {

enum class ActKind { kIdentity, kReLU, kGELU, kSiLU };
ActKind parse_act(const std::string& name);  // "identity" | "relu" | "gelu" | "silu"; throws InputError

Tensor act_forward(ActKind k, const Tensor& x);
Tensor act_forward(ActKind k, Tensor&& x);  // in place on a temporary (same values)
Tensor act_backward(ActKind k, const Tensor& x, const Tensor& dy);  // x is the forward input

class Activation : public Layer {
 public:
  explicit Activation(ActKind k) : kind(k) {}
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}

  ActKind kind;

 private:
  Tensor x_;
};

}  // namespace shiftadd::nn
