#include "models/ops/conv2d_fixed.h"

#include <algorithm>

#include "core/error.h"
#include "models/ops/gemm_fixed.h"
#include "models/parallel.h"

namespace shiftadd::nn {
namespace {

// Images per GEMM: small outputs (7x7) side by side, so the kernel's vector tiles stay full.
constexpr int64_t kMinColumns = 256;

void check_epilogue(const ConvEpilogue& ep, const ConvGeom& g) {
  const bool bn = ep.mean || ep.inv_std || ep.gamma || ep.beta;
  if (bn && !(ep.mean && ep.inv_std && ep.gamma && ep.beta))
    throw InputError("conv2d_fixed: the BatchNorm epilogue needs mean, inv_std, gamma and beta");
  if (ep.residual) check_shape(*ep.residual, {g.N, g.O, g.Ho, g.Wo}, "conv2d_fixed residual");
}

// Channel o of image n: v is its P outputs.
void apply_epilogue(const ConvEpilogue& ep, const ConvGeom& g, int64_t n, int64_t o, float* v) {
  if (ep.bias)
    for (int64_t p = 0; p < g.P; ++p) v[p] = v[p] + ep.bias[o];
  if (ep.mean) {
    const float m = ep.mean[o], is = ep.inv_std[o], ga = ep.gamma[o], be = ep.beta[o];
    for (int64_t p = 0; p < g.P; ++p) {
      const float xh = (v[p] - m) * is;
      v[p] = xh * ga + be;
    }
  }
  if (ep.relu)
    for (int64_t p = 0; p < g.P; ++p) v[p] = v[p] > 0 ? v[p] : 0.f;
  if (ep.residual) {
    const float* h = ep.residual->data() + (n * g.O + o) * g.P;
    for (int64_t p = 0; p < g.P; ++p) v[p] = v[p] + h[p];
  }
}

}  // namespace

Tensor conv2d_forward_fixed(const Tensor& x, const Tensor& w, const Conv2dSpec& s, const ConvEpilogue& ep) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  check_epilogue(ep, g);
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  const GemmIsa isa = best_gemm_isa();
  const double cost = double(g.O) * g.K * g.P;
  parallel_chunks(g.N, num_chunks(g.N, cost, 64), [&](int64_t, int64_t n0, int64_t n1) {
    const int64_t per = std::clamp<int64_t>(kMinColumns / std::max<int64_t>(g.P, 1), 1, n1 - n0);
    std::vector<float> cols(size_t(g.K * per * g.P)), out(per > 1 ? size_t(g.Og * per * g.P) : 0);
    for (int64_t b0 = n0; b0 < n1; b0 += per) {
      const int64_t nb = std::min(per, n1 - b0), ld = nb * g.P;
      for (int64_t gi = 0; gi < g.groups; ++gi) {
        for (int64_t i = 0; i < nb; ++i)
          im2col(x.data() + (b0 + i) * g.C * g.H * g.W, g, s, gi * g.Cg, cols.data() + i * g.P, ld);
        const float* wg = w.data() + gi * g.Og * g.K;
        if (nb == 1) {
          gemm_fixed(wg, cols.data(), y.data() + (b0 * g.O + gi * g.Og) * g.P, {g.Og, g.K, g.P, g.K, ld, g.P}, isa);
        } else {
          gemm_fixed(wg, cols.data(), out.data(), {g.Og, g.K, ld, g.K, ld, ld}, isa);
          for (int64_t i = 0; i < nb; ++i)
            for (int64_t o = 0; o < g.Og; ++o)
              std::copy_n(out.data() + o * ld + i * g.P, g.P, y.data() + ((b0 + i) * g.O + gi * g.Og + o) * g.P);
        }
      }
      for (int64_t n = b0; n < b0 + nb; ++n)
        for (int64_t o = 0; o < g.O; ++o) apply_epilogue(ep, g, n, o, y.data() + (n * g.O + o) * g.P);
    }
  });
  return y;
}

}  // namespace shiftadd::nn
