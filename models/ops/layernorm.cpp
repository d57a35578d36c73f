#include "models/ops/layernorm.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

LayerNorm::LayerNorm(int64_t d, float e) : dim(d), eps(e), gamma(Tensor({d}, 1.f), 0.f), beta(Tensor({d}), 0.f) {}

Tensor LayerNorm::forward(const Tensor& x) {
  if (x.ndim() < 1 || x.dim(-1) != dim)
    throw InputError(fmt::format("layernorm: expected [..., {}], got {}", dim, shape_str(x.shape())));
  const int64_t M = x.numel() / dim;
  Tensor y(x.shape());
  xhat_ = inference_ ? Tensor() : Tensor(x.shape());
  inv_std_ = Tensor({M});
  CMapMat xm = x.mat(M, dim);
  MapMat ym = y.mat(M, dim), xh = inference_ ? y.mat(M, dim) : xhat_.mat(M, dim);  // inference: in place
  parallel_for_each(M, 6.0 * dim, [&](int64_t m) {
    const double mean = xm.row(m).cast<double>().mean();
    const double var = (xm.row(m).cast<double>().array() - mean).square().mean();
    const float is = float(1.0 / std::sqrt(var + double(eps)));
    inv_std_[m] = is;
    xh.row(m) = (xm.row(m).array() - float(mean)) * is;
    ym.row(m) = xh.row(m).array() * gamma.value.vec().transpose().array() + beta.value.vec().transpose().array();
  });
  return y;
}

Tensor LayerNorm::backward(const Tensor& dy) {
  check_kept(xhat_, "layernorm");
  check_same_shape(dy, xhat_, "layernorm dy");
  const int64_t M = dy.numel() / dim;
  Tensor dx(dy.shape());
  CMapMat dym = dy.mat(M, dim), xh = xhat_.cmat(M, dim);
  MapMat dxm = dx.mat(M, dim);
  parallel_for_each(M, 8.0 * dim, [&](int64_t m) {
    Eigen::ArrayXf g = dym.row(m).transpose().array() * gamma.value.vec().array();  // dL/dxhat
    const float mg = g.mean(), mgx = (g * xh.row(m).transpose().array()).mean();
    dxm.row(m) = (inv_std_[m] * (g - mg - xh.row(m).transpose().array() * mgx)).matrix().transpose();
  });
  // Parameter gradients: sum over rows in a fixed order.
  gamma.grad.vec() += (dym.array() * xh.array()).colwise().sum().matrix().transpose();
  beta.grad.vec() += dym.colwise().sum().transpose();
  return dx;
}

void LayerNorm::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &gamma);
  out.emplace_back(prefix + "bias", &beta);
}

}  // namespace shiftadd::nn
