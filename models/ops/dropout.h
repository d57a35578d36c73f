#pragma once
// Inverted dropout with a deterministic mask from shiftadd::Rng. The layer owns its stream; a trainer that
// must resume bit-identically reseeds it (e.g. from seed and step) before each step.
#include "models/module.h"

namespace shiftadd::nn {

class Dropout : public Layer {
 public:
  explicit Dropout(float p, uint64_t seed = 0);
  Tensor forward(const Tensor& x) override;  // identity in eval mode or when p == 0
  Tensor forward(const Tensor& x, Rng& rng);  // same, drawing the mask from a caller's stream
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}
  void reseed(uint64_t seed) { rng_ = Rng(seed); }

  float p;

 private:
  Rng rng_;
  Tensor mask_;  // 0 or 1/(1-p); empty when the forward was the identity
};

}  // namespace shiftadd::nn
