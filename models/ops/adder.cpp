#include "models/ops/adder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "models/ops/conv2d.h"
#include "models/parallel.h"

namespace shiftadd::nn {

// yg [Og x P] = -sum_k |cols[k, :] - wg[o, k]|, each element accumulated over k in order from 0.
// Tiles of kTile columns keep the accumulators in registers for the whole k loop (one pass over a
// whole row per k was load/store bound); the arithmetic per element is unchanged.
template <int64_t N>
static void adder_tile(const float* w, const float* c, int64_t K, int64_t P, float* y) {
  float acc[N] = {};
  for (int64_t k = 0; k < K; ++k, c += P)
    for (int64_t j = 0; j < N; ++j) acc[j] -= std::abs(c[j] - w[k]);
  std::copy(acc, acc + N, y);
}

static void adder_gemm(CMapMat wg, const MatRM& cols, MapMat yg) {
  constexpr int64_t kTile = 16;
  const int64_t K = cols.rows(), P = cols.cols();
  for (int64_t o = 0; o < wg.rows(); ++o) {
    const float* w = wg.data() + o * K;
    float* y = yg.data() + o * P;
    int64_t p = 0;
    for (; p + kTile <= P; p += kTile) adder_tile<kTile>(w, cols.data() + p, K, P, y + p);
    for (; p < P; ++p) adder_tile<1>(w, cols.data() + p, K, P, y + p);
  }
}

Tensor adder_conv2d_forward(const Tensor& x, const Tensor& w, const Tensor* bias, const Conv2dSpec& s) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  if (bias && !bias->empty()) check_shape(*bias, {g.O}, "adder conv bias");
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  parallel_chunks(g.N, num_chunks(g.N, 3.0 * g.O * g.K * g.P, 64), [&](int64_t, int64_t n0, int64_t n1) {
    MatRM cols(g.K, g.P);
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        im2col(x.data() + n * g.C * g.H * g.W, g, s, gi * g.Cg, cols.data());
        MapMat yg(y.data() + (n * g.O + gi * g.Og) * g.P, g.Og, g.P);
        adder_gemm(CMapMat(w.data() + gi * g.Og * g.K, g.Og, g.K), cols, yg);
        if (bias && !bias->empty())
          for (int64_t o = 0; o < g.Og; ++o) yg.row(o).array() += (*bias)[gi * g.Og + o];
      }
  });
  return y;
}

Tensor adder_conv2d_backward(const Tensor& x, const Tensor& w, const Tensor& dy, const Conv2dSpec& s,
                             Tensor* dw, Tensor* db, bool need_dx) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  check_shape(dy, {g.N, g.O, g.Ho, g.Wo}, "adder conv dy");
  if (dw) check_same_shape(*dw, w, "adder conv dw");
  Tensor dx = need_dx ? Tensor(x.shape()) : Tensor();
  const int64_t chunks = num_chunks(g.N, 4.0 * g.O * g.K * g.P, 16);
  std::vector<MatRM> dw_part(size_t(dw ? chunks : 0));
  parallel_chunks(g.N, chunks, [&](int64_t c, int64_t n0, int64_t n1) {
    MatRM cols(g.K, g.P), dcols(g.K, g.P);
    if (dw) dw_part[size_t(c)].setZero(g.O, g.K);
    for (int64_t n = n0; n < n1; ++n)
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        im2col(x.data() + n * g.C * g.H * g.W, g, s, gi * g.Cg, cols.data());
        CMapMat dyg(dy.data() + (n * g.O + gi * g.Og) * g.P, g.Og, g.P);
        CMapMat wg(w.data() + gi * g.Og * g.K, g.Og, g.K);
        if (dw) {  // sum_p dy[o,p] (cols[k,p] - w[o,k]) = (dy cols^T)[o,k] - w[o,k] sum_p dy[o,p]
          auto part = dw_part[size_t(c)].middleRows(gi * g.Og, g.Og);
          part.noalias() += dyg * cols.transpose();
          part -= (wg.array().colwise() * dyg.rowwise().sum().array()).matrix();
        }
        if (need_dx) {
          dcols.setZero();
          for (int64_t o = 0; o < g.Og; ++o)
            for (int64_t k = 0; k < g.K; ++k)
              dcols.row(k).array() += dyg.row(o).array() * (wg(o, k) - cols.row(k).array()).max(-1.f).min(1.f);
          col2im(dcols.data(), g, s, gi * g.Cg, dx.data() + n * g.C * g.H * g.W);
        }
      }
  });
  if (dw) {
    MapMat dwm = dw->mat(g.O, g.K);
    for (const auto& part : dw_part) dwm += part;
  }
  if (db) conv_bias_backward(dy, *db);
  return dx;
}

static int64_t check_adder_linear(const Tensor& x, const Tensor& w) {
  if (w.ndim() != 2 || x.ndim() < 1 || x.dim(-1) != w.dim(1))
    throw InputError(fmt::format("adder linear: x {} does not match weight {} ([out, in])", shape_str(x.shape()),
                                 shape_str(w.shape())));
  return x.numel() / w.dim(1);
}

Tensor adder_linear_forward(const Tensor& x, const Tensor& w, const Tensor* bias) {
  const int64_t M = check_adder_linear(x, w), in = w.dim(1), out = w.dim(0);
  if (bias && !bias->empty()) check_shape(*bias, {out}, "adder linear bias");
  Shape ys = x.shape();
  ys.back() = out;
  Tensor y(ys);
  CMapMat xm = x.mat(M, in), wm = w.mat(out, in);
  MapMat ym = y.mat(M, out);
  parallel_for_each(M, 3.0 * in * out, [&](int64_t m) {
    for (int64_t o = 0; o < out; ++o) ym(m, o) = -(xm.row(m) - wm.row(o)).array().abs().sum();
    if (bias && !bias->empty()) ym.row(m) += bias->vec().transpose();
  });
  return y;
}

Tensor adder_linear_backward(const Tensor& x, const Tensor& w, const Tensor& dy, Tensor* dw, Tensor* db,
                             bool need_dx) {
  const int64_t M = check_adder_linear(x, w), in = w.dim(1), out = w.dim(0);
  if (dy.numel() != M * out) throw InputError("adder linear: dy does not match the output shape");
  CMapMat xm = x.mat(M, in), wm = w.mat(out, in), dym = dy.mat(M, out);
  Tensor dx = need_dx ? Tensor(x.shape()) : Tensor();
  if (need_dx) {
    MapMat dxm = dx.mat(M, in);
    parallel_for_each(M, 3.0 * in * out, [&](int64_t m) {
      for (int64_t o = 0; o < out; ++o)
        dxm.row(m).array() += dym(m, o) * (wm.row(o) - xm.row(m)).array().max(-1.f).min(1.f);
    });
  }
  if (dw) {  // dW = dY^T X - diag(colsum dY) W, split over rows of dW
    check_same_shape(*dw, w, "adder linear dw");
    MapMat dwm = dw->mat(out, in);
    parallel_chunks(out, num_chunks(out, double(M) * in), [&](int64_t, int64_t r0, int64_t r1) {
      const int64_t r = r1 - r0;
      dwm.middleRows(r0, r).noalias() += dym.middleCols(r0, r).transpose() * xm;
      dwm.middleRows(r0, r) -= (wm.middleRows(r0, r).array().colwise() *
                                dym.middleCols(r0, r).colwise().sum().transpose().array()).matrix();
    });
  }
  if (db) {
    check_shape(*db, {out}, "adder linear db");
    for (int64_t o = 0; o < out; ++o) (*db)[o] += float(dym.col(o).cast<double>().sum());
  }
  return dx;
}

static Param adder_weight(const Shape& shape, Rng& rng, float eta) {
  Param p(Tensor::randn(shape, rng));
  p.hook = GradHook::kAdderAdaptive;
  p.hook_eta = eta;
  return p;
}

AddConv2d::AddConv2d(int64_t in_ch, int64_t out_ch, const Conv2dSpec& sp, bool has_bias, Rng& rng, float eta)
    : spec(sp) {
  if (in_ch % sp.groups || out_ch % sp.groups) throw InputError("AddConv2d: channels not divisible by groups");
  weight = adder_weight({out_ch, in_ch / sp.groups, sp.kernel_h, sp.kernel_w}, rng, eta);
  if (has_bias) bias = Param(Tensor({out_ch}), 0.f);
}

Tensor AddConv2d::forward(const Tensor& x) {
  keep_input(x_, x);
  return adder_conv2d_forward(x, weight.value, &bias.value, spec);
}

Tensor AddConv2d::backward(const Tensor& dy) {
  check_kept(x_, "AddConv2d");
  return adder_conv2d_backward(x_, weight.value, dy, spec, &weight.grad,
                               bias.value.empty() ? nullptr : &bias.grad);
}

void AddConv2d::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &weight);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

AddLinear::AddLinear(int64_t in_features, int64_t out_features, bool has_bias, Rng& rng, float eta) {
  weight = adder_weight({out_features, in_features}, rng, eta);
  if (has_bias) bias = Param(Tensor({out_features}), 0.f);
}

Tensor AddLinear::forward(const Tensor& x) {
  keep_input(x_, x);
  return adder_linear_forward(x, weight.value, &bias.value);
}

Tensor AddLinear::backward(const Tensor& dy) {
  check_kept(x_, "AddLinear");
  return adder_linear_backward(x_, weight.value, dy, &weight.grad, bias.value.empty() ? nullptr : &bias.grad);
}

void AddLinear::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &weight);
  if (!bias.value.empty()) out.emplace_back(prefix + "bias", &bias);
}

}  // namespace shiftadd::nn
