#include "models/ops/conv2d_fixed.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "models/ops/gemm_fixed.h"
#include "models/parallel.h"

namespace shiftadd::nn {
namespace {

// Columns per GEMM: small outputs (7x7) side by side, so the kernel's vector tiles stay full.
constexpr int64_t kMinColumns = 256;

void check_epilogue(const ConvEpilogue& ep, const ConvGeom& g) {
  const bool bn = ep.mean || ep.inv_std || ep.gamma || ep.beta;
  if (bn && !(ep.mean && ep.inv_std && ep.gamma && ep.beta))
    throw InputError("conv2d_fixed: the BatchNorm epilogue needs mean, inv_std, gamma and beta");
  if (ep.residual) check_shape(*ep.residual, {g.N, g.O, g.Ho, g.Wo}, "conv2d_fixed residual");
}

// n GEMM outputs of channel o into v, the epilogue applied on the way (h: the residual's matching values).
// One instantiation per combination of steps, so each loop is branch-free and vectorised.
template <bool kBias, bool kBn, bool kRelu, bool kRes>
void finish_as(const ConvEpilogue& ep, int64_t o, const float* __restrict src, float* __restrict v,
               const float* __restrict h, int64_t n) {
  const float b = kBias ? ep.bias[o] : 0.f, m = kBn ? ep.mean[o] : 0.f, is = kBn ? ep.inv_std[o] : 0.f;
  const float ga = kBn ? ep.gamma[o] : 0.f, be = kBn ? ep.beta[o] : 0.f;
  for (int64_t j = 0; j < n; ++j) {
    float a = src[j];
    if (kBias) a = a + b;
    if (kBn) {
      const float xh = (a - m) * is;
      a = xh * ga + be;
    }
    if (kRelu) a = a > 0 ? a : 0.f;
    if (kRes) a = a + h[j];
    v[j] = a;
  }
}

using FinishFn = void (*)(const ConvEpilogue&, int64_t, const float*, float*, const float*, int64_t);

template <int kMask>
constexpr FinishFn finish_entry() {
  return &finish_as<(kMask & 1) != 0, (kMask & 2) != 0, (kMask & 4) != 0, (kMask & 8) != 0>;
}

FinishFn pick_finish(const ConvEpilogue& ep) {
  static constexpr FinishFn kTable[16] = {
      finish_entry<0>(),  finish_entry<1>(),  finish_entry<2>(),  finish_entry<3>(),
      finish_entry<4>(),  finish_entry<5>(),  finish_entry<6>(),  finish_entry<7>(),
      finish_entry<8>(),  finish_entry<9>(),  finish_entry<10>(), finish_entry<11>(),
      finish_entry<12>(), finish_entry<13>(), finish_entry<14>(), finish_entry<15>()};
  return kTable[(ep.bias ? 1 : 0) | (ep.mean ? 2 : 0) | (ep.relu ? 4 : 0) | (ep.residual ? 8 : 0)];
}

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// One axis of the lowering below. Output o reads input o * stride - pad + k = (o + shift) * stride + phase,
// with shift = floor((k - pad) / stride) in [lo, hi]: the input is split into `stride` phases, and tap k is
// phase `phase` read `shift` places away.
struct Axis {
  int64_t in, out, stride, pad, lo, hi, stored, period;
  Axis(int64_t in_, int64_t out_, int64_t kernel, int64_t stride_, int64_t pad_)
      : in(in_), out(out_), stride(stride_), pad(pad_), lo(floor_div(-pad_, stride_)),
        hi(floor_div(kernel - 1 - pad_, stride_)),
        // input positions of phase 0 that some output reads (the other phases have no more)
        stored(std::clamp<int64_t>(out + hi, 0, (in + stride - 1) / stride)),
        // room for the outputs, the reads past the end, and zeros for the reads before the start, which
        // land at the end of the previous row (or image)
        period(std::max({out, out + hi, stored - lo})) {}
  int64_t phase(int64_t k) const { return k - pad - floor_div(k - pad, stride) * stride; }
  int64_t shift(int64_t k) const { return floor_div(k - pad, stride); }
  int64_t count(int64_t ph) const { return std::min(stored, (in - ph + stride - 1) / stride); }
};

// The GEMM's x without im2col's kernel-fold copy: per channel and phase (stride_h x stride_w of them; one at
// stride 1), the images lie in one zero-bordered buffer with rows of `rw` and images of `ih` rows, sharing
// their zero borders, so tap (ky, kx) is that buffer shifted by a constant: one GemmShape::xrow offset per
// k. The GEMM also computes the border positions, which are dropped. Same operands, same k order as
// im2col, so the same bits.
struct ShiftedColumns {
  const ConvGeom& g;
  Axis ay, ax;
  int64_t per, rw, img, lead, chan, phases;
  std::vector<float> buf;  // [Cg][stride_h][stride_w][chan]; what is not written stays zero
  std::vector<int64_t> xrow;

  ShiftedColumns(const ConvGeom& g_, const Conv2dSpec& s, int64_t per_)
      : g(g_), ay(g.H, g.Ho, s.kernel_h, s.stride_h, s.pad_h), ax(g.W, g.Wo, s.kernel_w, s.stride_w, s.pad_w),
        per(per_), rw(ax.period), img(ay.period * rw), lead(-ay.lo * rw - ax.lo),
        chan(lead + per * img + std::max<int64_t>(0, ay.hi * rw + ax.hi)), phases(s.stride_h * s.stride_w),
        buf(size_t(g.Cg * phases * chan)), xrow(size_t(g.K)) {
    for (int64_t c = 0, k = 0; c < g.Cg; ++c)
      for (int64_t ky = 0; ky < s.kernel_h; ++ky)
        for (int64_t kx = 0; kx < s.kernel_w; ++kx) {
          const int64_t plane = (c * s.stride_h + ay.phase(ky)) * s.stride_w + ax.phase(kx);
          xrow[size_t(k++)] = plane * chan + lead + ay.shift(ky) * rw + ax.shift(kx);
        }
  }
  int64_t columns(int64_t nb) const { return nb * img; }
  int64_t position(int64_t i, int64_t oy) const { return i * img + oy * rw; }
  GemmShape shape(int64_t nb) const { return {g.Og, g.K, columns(nb), g.K, 0, columns(nb), xrow.data()}; }
  const float* fill(const float* x, int64_t nb, int64_t gi) {
    for (int64_t c = 0; c < g.Cg; ++c)
      for (int64_t py = 0; py < ay.stride; ++py)
        for (int64_t px = 0; px < ax.stride; ++px) {
          float* plane = buf.data() + ((c * ay.stride + py) * ax.stride + px) * chan + lead;
          const int64_t rows = ay.count(py), cols = ax.count(px);
          for (int64_t i = 0; i < nb; ++i)
            for (int64_t r = 0; r < rows; ++r) {
              const float* in = x + ((i * g.C + gi * g.Cg + c) * g.H + r * ay.stride + py) * g.W + px;
              float* row = plane + i * img + r * rw;
              if (ax.stride == 1) std::copy_n(in, cols, row);  // vectorised; the strided gather is not
              else
                for (int64_t j = 0; j < cols; ++j) row[j] = in[j * ax.stride];
            }
        }
    return buf.data();
  }
};

// Images [n0, n1) in GEMMs of up to `per` images and one group each, finished into y.
template <class Columns>
void conv_range(const Tensor& x, const Tensor& w, const ConvGeom& g, const ConvEpilogue& ep, GemmIsa isa,
                Columns& low, int64_t n0, int64_t n1, Tensor& y) {
  std::vector<float> out(size_t(g.Og * low.columns(low.per)));
  const FinishFn finish = pick_finish(ep);
  for (int64_t b0 = n0; b0 < n1; b0 += low.per) {
    const int64_t nb = std::min(low.per, n1 - b0), ld = low.columns(nb);
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const float* cols = low.fill(x.data() + b0 * g.C * g.H * g.W, nb, gi);
      gemm_fixed(w.data() + gi * g.Og * g.K, cols, out.data(), low.shape(nb), isa);
      for (int64_t i = 0; i < nb; ++i)
        for (int64_t o = gi * g.Og; o < (gi + 1) * g.Og; ++o) {
          const int64_t plane = ((b0 + i) * g.O + o) * g.P;
          const float* res = ep.residual ? ep.residual->data() + plane : nullptr;
          for (int64_t oy = 0; oy < g.Ho; ++oy)
            finish(ep, o, out.data() + (o - gi * g.Og) * ld + low.position(i, oy), y.data() + plane + oy * g.Wo,
                   res ? res + oy * g.Wo : nullptr, g.Wo);
        }
    }
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
    ShiftedColumns low(g, s, per);
    conv_range(x, w, g, ep, isa, low, n0, n1, y);
  });
  return y;
}

}  // namespace shiftadd::nn
