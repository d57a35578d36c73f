#include "models/ops/conv2d_fixed.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "core/error.h"
#include "models/ops/gemm_fixed.h"
#include "models/parallel.h"

namespace shiftadd::nn {
namespace {

// Columns per GEMM: small outputs (7x7) side by side, so the kernel's vector tiles stay full.
constexpr int64_t kMinColumns = 256;
// The GEMMs run on whole vectors of columns (gemm_kernels::kMaxWidth): the few past the last image are
// computed into padding and dropped, instead of the kernel's slower copied tail.
constexpr int64_t kColumnGrain = gemm_kernels::kMaxWidth;
int64_t round_up(int64_t n, int64_t m) { return (n + m - 1) / m * m; }

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

// The GEMM's x without im2col's nine copies: per channel, row phase (stride_h of them; one at stride 1) and
// kernel column kx, the input shifted by kx (and strided) into rows of exactly Wo outputs, zeros where the
// tap reads the padding. The images lie in one buffer, each followed by the zero rows the taps read past its
// edges (shared with the next image), so kernel row ky is that buffer shifted by whole rows: one
// GemmShape::xrow offset per k. The GEMM also computes the rows between images, which are dropped; an
// image's outputs are contiguous. Same operands, same k order as im2col, so the same bits.
struct ShiftedColumns {
  const ConvGeom& g;
  const Conv2dSpec& s;
  Axis ay;
  int64_t per, rw, img, lead, chan;
  std::vector<float> buf;  // [Cg][stride_h][kernel_w][chan]; what is not written stays zero
  std::vector<int64_t> xrow;

  ShiftedColumns(const ConvGeom& g_, const Conv2dSpec& s_, int64_t per_)
      : g(g_), s(s_), ay(g.H, g.Ho, s.kernel_h, s.stride_h, s.pad_h), per(per_), rw(g.Wo), img(ay.period * rw),
        lead(-ay.lo * rw), chan(lead + per * img + std::max<int64_t>(0, ay.hi * rw) + kColumnGrain),
        buf(size_t(g.Cg * s.stride_h * s.kernel_w * chan)), xrow(size_t(g.K)) {
    for (int64_t c = 0, k = 0; c < g.Cg; ++c)
      for (int64_t ky = 0; ky < s.kernel_h; ++ky)
        for (int64_t kx = 0; kx < s.kernel_w; ++kx) {
          const int64_t plane = (c * s.stride_h + ay.phase(ky)) * s.kernel_w + kx;
          xrow[size_t(k++)] = plane * chan + lead + ay.shift(ky) * rw;
        }
  }
  int64_t columns(int64_t nb) const { return round_up(nb * img, kColumnGrain); }
  int64_t position(int64_t i) const { return i * img; }
  GemmShape shape(int64_t nb) const { return {g.Og, g.K, columns(nb), g.K, 0, columns(nb), xrow.data()}; }
  const float* fill(const float* x, int64_t nb, int64_t gi) {
    for (int64_t c = 0; c < g.Cg; ++c)
      for (int64_t py = 0; py < ay.stride; ++py)
        for (int64_t kx = 0; kx < s.kernel_w; ++kx) {
          float* plane = buf.data() + ((c * ay.stride + py) * s.kernel_w + kx) * chan + lead;
          // outputs ox whose input column ox * stride_w - pad_w + kx lies inside the image
          const int64_t off = kx - s.pad_w, ox0 = std::max<int64_t>(0, (-off + s.stride_w - 1) / s.stride_w);
          const int64_t ox1 = std::min(g.Wo, off >= g.W ? 0 : (g.W - 1 - off) / s.stride_w + 1);
          const int64_t rows = ay.count(py);
          if (s.stride_w == 1 && g.Wo == g.W) {  // rows of the plane and of the input line up: one copy
            for (int64_t i = 0; i < nb; ++i)
              copy_shifted(x + ((i * g.C + gi * g.Cg + c) * g.H + py) * g.W, rows, off, plane + i * img);
            continue;
          }
          for (int64_t i = 0; i < nb; ++i)
            for (int64_t r = 0; r < rows; ++r) {
              const float* in = x + ((i * g.C + gi * g.Cg + c) * g.H + r * ay.stride + py) * g.W;
              float* row = plane + i * img + r * rw;
              if (s.stride_w == 1) std::copy_n(in + ox0 + off, ox1 - ox0, row + ox0);  // vectorised
              else
                for (int64_t ox = ox0; ox < ox1; ++ox) row[ox] = in[ox * s.stride_w + off];
            }
        }
    return buf.data();
  }
  // rows x W input values from `in`, shifted by off columns, into rows of Wo = W: one block copy (a call per
  // row costs more than the copy at these widths), then the values that wrapped round a row edge zeroed.
  void copy_shifted(const float* in, int64_t rows, int64_t off, float* out) const {
    const int64_t n = rows * g.W, j0 = std::max<int64_t>(0, -off), j1 = n - std::max<int64_t>(0, off);
    if (j1 > j0) std::copy_n(in + j0 + off, j1 - j0, out + j0);
    const int64_t z0 = off < 0 ? 0 : g.W - off, z1 = off < 0 ? -off : g.W;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = std::max<int64_t>(z0, 0); j < std::min(z1, g.W); ++j) out[r * g.W + j] = 0.f;
  }
};

// Images [n0, n1) in GEMMs of up to `per` images and one group each, finished into y.
void conv_range(const Tensor& x, const Tensor& w, const ConvGeom& g, const ConvEpilogue& ep, GemmIsa isa,
                ShiftedColumns& low, int64_t n0, int64_t n1, Tensor& y) {
  const std::unique_ptr<float[]> out(new float[size_t(g.Og * low.columns(low.per))]);  // every value written first
  const FinishFn finish = pick_finish(ep);
  for (int64_t b0 = n0; b0 < n1; b0 += low.per) {
    const int64_t nb = std::min(low.per, n1 - b0), ld = low.columns(nb);
    for (int64_t gi = 0; gi < g.groups; ++gi) {
      const float* cols = low.fill(x.data() + b0 * g.C * g.H * g.W, nb, gi);
      gemm_fixed(w.data() + gi * g.Og * g.K, cols, out.get(), low.shape(nb), isa);
      for (int64_t i = 0; i < nb; ++i)
        for (int64_t o = gi * g.Og; o < (gi + 1) * g.Og; ++o) {
          const int64_t plane = ((b0 + i) * g.O + o) * g.P;
          finish(ep, o, out.get() + (o - gi * g.Og) * ld + low.position(i), y.data() + plane,
                 ep.residual ? ep.residual->data() + plane : nullptr, g.P);
        }
    }
  }
}

}  // namespace

ConvEpilogue bn_relu_epilogue(const BatchNorm::Affine& a, const float* bias, const Tensor* residual) {
  ConvEpilogue ep;
  ep.bias = bias;
  ep.mean = a.mean.data(), ep.inv_std = a.inv_std.data(), ep.gamma = a.gamma.data(), ep.beta = a.beta.data();
  ep.relu = true;
  ep.residual = residual;
  return ep;
}

Tensor conv2d_forward_fixed(const Tensor& x, const Tensor& w, const Conv2dSpec& s, const ConvEpilogue& ep,
                            bool parallel) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  check_epilogue(ep, g);
  Tensor y = Tensor::uninitialized({g.N, g.O, g.Ho, g.Wo});  // conv_range finishes every value
  const GemmIsa isa = best_gemm_isa();
  const double cost = double(g.O) * g.K * g.P;
  // Threads take whole GEMMs of `per` images.
  const int64_t per = std::clamp<int64_t>((kMinColumns + g.P - 1) / std::max<int64_t>(g.P, 1), 1, g.N);
  const int64_t gemms = (g.N + per - 1) / per;
  parallel_chunks(gemms, parallel ? num_chunks(gemms, cost * double(per), 64) : 1, [&](int64_t, int64_t b, int64_t e) {
    const int64_t n0 = b * per, n1 = std::min(g.N, e * per);
    ShiftedColumns low(g, s, std::min(per, n1 - n0));
    conv_range(x, w, g, ep, isa, low, n0, n1, y);
  });
  return y;
}

}  // namespace shiftadd::nn
