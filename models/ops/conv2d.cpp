#include "models/ops/conv2d.h"

#include <cmath>

#include "core/error.h"
#include "models/ops/conv2d_fixed.h"
#include "models/parallel.h"

namespace shiftadd::nn {

static void check_bias(const Tensor* b, int64_t O) {
  if (b && !b->empty()) check_shape(*b, {O}, "conv2d bias");
}

Tensor conv2d_forward(const Tensor& x, const Tensor& w, const Tensor* bias, const Conv2dSpec& s) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  check_bias(bias, g.O);
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  const double cost = double(g.O) * g.K * g.P;
  parallel_chunks(g.N, num_chunks(g.N, cost, 64), [&](int64_t, int64_t n0, int64_t n1) {
    MatRM cols(g.K, g.P);
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        im2col(x.data() + n * g.C * g.H * g.W, g, s, gi * g.Cg, cols.data());
        CMapMat wg(w.data() + gi * g.Og * g.K, g.Og, g.K);
        MapMat yg(y.data() + (n * g.O + gi * g.Og) * g.P, g.Og, g.P);
        yg.noalias() = wg * cols;
        if (bias && !bias->empty())
          for (int64_t o = 0; o < g.Og; ++o) yg.row(o).array() += (*bias)[gi * g.Og + o];
      }
  });
  return y;
}

void conv_bias_backward(const Tensor& dy, Tensor& db) {
  const int64_t N = dy.dim(0), O = dy.dim(1), P = dy.numel() / (N * O);
  for (int64_t o = 0; o < O; ++o) {
    double acc = 0;
    for (int64_t n = 0; n < N; ++n) acc += CMapVec(dy.data() + (n * O + o) * P, P).sum();
    db[o] += float(acc);
  }
}

Tensor conv2d_backward(const Tensor& x, const Tensor& w, const Tensor& dy, const Conv2dSpec& s, Tensor* dw,
                       Tensor* db, bool need_dx) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  check_shape(dy, {g.N, g.O, g.Ho, g.Wo}, "conv2d dy");
  if (dw) check_same_shape(*dw, w, "conv2d dw");
  Tensor dx = need_dx ? Tensor(x.shape()) : Tensor();
  const int64_t chunks = num_chunks(g.N, 2.0 * g.O * g.K * g.P, 16);
  std::vector<MatRM> dw_part(size_t(dw ? chunks : 0));
  parallel_chunks(g.N, chunks, [&](int64_t c, int64_t n0, int64_t n1) {
    MatRM cols(g.K, g.P), dcols(g.K, g.P);
    if (dw) dw_part[size_t(c)].setZero(g.O, g.K);
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        CMapMat dyg(dy.data() + (n * g.O + gi * g.Og) * g.P, g.Og, g.P);
        CMapMat wg(w.data() + gi * g.Og * g.K, g.Og, g.K);
        if (dw) {
          im2col(x.data() + n * g.C * g.H * g.W, g, s, gi * g.Cg, cols.data());
          dw_part[size_t(c)].middleRows(gi * g.Og, g.Og).noalias() += dyg * cols.transpose();
        }
        if (need_dx) {
          dcols.noalias() = wg.transpose() * dyg;
          col2im(dcols.data(), g, s, gi * g.Cg, dx.data() + n * g.C * g.H * g.W);
        }
      }
  });
  if (dw) {
    MapMat dwm = dw->mat(g.O, g.K);
    for (const auto& part : dw_part) dwm += part;  // fixed chunk order: deterministic
  }
  if (db) conv_bias_backward(dy, *db);
  return dx;
}

Tensor kaiming_uniform(const Shape& shape, int64_t fan_in, Rng& rng) {
  const float bound = 1.f / std::sqrt(float(std::max<int64_t>(fan_in, 1)));
  return Tensor::uniform(shape, rng, -bound, bound);
}

Conv2d::Conv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& sp, bool has_bias, Rng& rng) : spec(sp) {
  if (in_ch % sp.groups || out_ch % sp.groups) throw InputError("Conv2d: channels not divisible by groups");
  const int64_t fan_in = in_ch / sp.groups * sp.kernel_h * sp.kernel_w;
  weight = Param(kaiming_uniform({out_ch, in_ch / sp.groups, sp.kernel_h, sp.kernel_w}, fan_in, rng));
  if (has_bias) bias = Param(kaiming_uniform({out_ch}, fan_in, rng), 0.f);
}

Tensor Conv2d::forward(const Tensor& x) {
  keep_input(x_, x);
  if (fixed_kernels()) {
    ConvEpilogue ep;
    if (!bias.value.empty()) ep.bias = bias.value.data();
    return conv2d_forward_fixed(x, weight.value, spec, ep);
  }
  return conv2d_forward(x, weight.value, &bias.value, spec);
}

Tensor Conv2d::backward(const Tensor& dy) {
  check_kept(x_, "Conv2d");
  return conv2d_backward(x_, weight.value, dy, spec, &weight.grad, bias.value.empty() ? nullptr : &bias.grad);
}

void Conv2d::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &weight);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

}  // namespace shiftadd::nn
