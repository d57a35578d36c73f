#include "models/ops/softmax.h"

#include <cmath>

#include "models/parallel.h"

namespace shiftadd::nn {

Tensor softmax_forward(const Tensor& x) {
  Tensor y(x.shape());
  CMapMat xm = x.mat2d();
  MapMat ym = y.mat2d();
  parallel_for_each(xm.rows(), 8.0 * xm.cols(), [&](int64_t m) {
    const float mx = xm.row(m).maxCoeff();
    ym.row(m) = (xm.row(m).array() - mx).exp();
    ym.row(m) /= ym.row(m).sum();
  });
  return y;
}

Tensor log_softmax_forward(const Tensor& x) {
  Tensor y(x.shape());
  CMapMat xm = x.mat2d();
  MapMat ym = y.mat2d();
  parallel_for_each(xm.rows(), 8.0 * xm.cols(), [&](int64_t m) {
    const float mx = xm.row(m).maxCoeff();
    const float lse = mx + std::log((xm.row(m).array() - mx).exp().sum());
    ym.row(m) = xm.row(m).array() - lse;
  });
  return y;
}

Tensor softmax_backward(const Tensor& y, const Tensor& dy) {
  check_same_shape(y, dy, "softmax dy");
  Tensor dx(y.shape());
  CMapMat ym = y.mat2d(), dym = dy.mat2d();
  MapMat dxm = dx.mat2d();
  parallel_for_each(ym.rows(), 4.0 * ym.cols(), [&](int64_t m) {
    const float s = ym.row(m).dot(dym.row(m));
    dxm.row(m) = ym.row(m).array() * (dym.row(m).array() - s);
  });
  return dx;
}

Tensor Softmax::forward(const Tensor& x) {
  y_ = softmax_forward(x);
  return y_;
}

Tensor Softmax::backward(const Tensor& dy) { return softmax_backward(y_, dy); }

}  // namespace shiftadd::nn
