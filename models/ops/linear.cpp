#include "models/ops/linear.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/ops/conv2d.h"
#include "models/parallel.h"

namespace shiftadd::nn {

static void check_linear(const Tensor& x, const Tensor& w, const Tensor* b) {
  if (w.ndim() != 2 || x.ndim() < 1 || x.dim(-1) != w.dim(1))
    throw InputError(fmt::format("linear: x {} does not match weight {} ([out, in])", shape_str(x.shape()),
                                 shape_str(w.shape())));
  if (b && !b->empty()) check_shape(*b, {w.dim(0)}, "linear bias");
}

Tensor linear_forward(const Tensor& x, const Tensor& w, const Tensor* bias) {
  check_linear(x, w, bias);
  const int64_t in = w.dim(1), out = w.dim(0), M = x.numel() / in;
  Shape ys = x.shape();
  ys.back() = out;
  Tensor y(ys);
  CMapMat xm = x.mat(M, in), wm = w.mat(out, in);
  MapMat ym = y.mat(M, out);
  // Row blocks of y are independent, so splitting them keeps every element's sum order fixed.
  parallel_chunks(M, num_chunks(M, double(in) * out), [&](int64_t, int64_t r0, int64_t r1) {
    ym.middleRows(r0, r1 - r0).noalias() = xm.middleRows(r0, r1 - r0) * wm.transpose();
    if (bias && !bias->empty()) ym.middleRows(r0, r1 - r0).rowwise() += bias->vec().transpose();
  });
  return y;
}

Tensor linear_backward(const Tensor& x, const Tensor& w, const Tensor& dy, Tensor* dw, Tensor* db,
                       bool need_dx) {
  check_linear(x, w, nullptr);
  const int64_t in = w.dim(1), out = w.dim(0), M = x.numel() / in;
  if (dy.numel() != M * out || dy.dim(-1) != out)
    throw InputError(fmt::format("linear: dy {} does not match output [.., {}]", shape_str(dy.shape()), out));
  CMapMat xm = x.mat(M, in), wm = w.mat(out, in), dym = dy.mat(M, out);
  Tensor dx = need_dx ? Tensor(x.shape()) : Tensor();
  if (need_dx) {
    MapMat dxm = dx.mat(M, in);
    parallel_chunks(M, num_chunks(M, double(in) * out), [&](int64_t, int64_t r0, int64_t r1) {
      dxm.middleRows(r0, r1 - r0).noalias() = dym.middleRows(r0, r1 - r0) * wm;
    });
  }
  if (dw) {
    check_same_shape(*dw, w, "linear dw");
    MapMat dwm = dw->mat(out, in);
    // Split over output rows of dW: each row keeps the full reduction over M in one GEMM.
    parallel_chunks(out, num_chunks(out, double(M) * in), [&](int64_t, int64_t r0, int64_t r1) {
      dwm.middleRows(r0, r1 - r0).noalias() += dym.middleCols(r0, r1 - r0).transpose() * xm;
    });
  }
  if (db) {
    check_shape(*db, {out}, "linear db");
    for (int64_t o = 0; o < out; ++o) (*db)[o] += float(dym.col(o).cast<double>().sum());
  }
  return dx;
}

Linear::Linear(int64_t in_features, int64_t out_features, bool has_bias, Rng& rng) {
  weight = Param(kaiming_uniform({out_features, in_features}, in_features, rng));
  if (has_bias) bias = Param(kaiming_uniform({out_features}, in_features, rng), 0.f);
}

Tensor Linear::forward(const Tensor& x) {
  keep_input(x_, x);
  return linear_forward(x, weight.value, &bias.value);
}

Tensor Linear::backward(const Tensor& dy) {
  check_kept(x_, "Linear");
  return linear_backward(x_, weight.value, dy, &weight.grad, bias.value.empty() ? nullptr : &bias.grad);
}

void Linear::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &weight);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

}  // namespace shiftadd::nn
