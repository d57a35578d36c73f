#include "models/ops/dropout.h"

#include "core/error.h"

namespace shiftadd::nn {

Dropout::Dropout(float prob, uint64_t seed) : p(prob), rng_(seed) {
  if (p < 0 || p >= 1) throw InputError("dropout: p must be in [0, 1)");
}

Tensor Dropout::forward(const Tensor& x) { return forward(x, rng_); }

Tensor Dropout::forward(const Tensor& x, Rng& rng) {
  if (!training_ || p == 0) {
    mask_ = Tensor();
    return x;
  }
  mask_ = Tensor(x.shape());
  const float keep = 1.f / (1.f - p);
  for (float& m : mask_.values()) m = rng.bernoulli(p) ? 0.f : keep;
  Tensor y(x.shape());
  y.vec() = x.vec().cwiseProduct(mask_.vec());
  return y;
}

Tensor Dropout::backward(const Tensor& dy) {
  if (mask_.empty()) return dy;
  check_same_shape(dy, mask_, "dropout dy");
  Tensor dx(dy.shape());
  dx.vec() = dy.vec().cwiseProduct(mask_.vec());
  return dx;
}

}  // namespace shiftadd::nn
