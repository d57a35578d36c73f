#include "models/quant/quantized_layer.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd::nn::quant {

QParams add_shared_qparams(float act_lo, float act_hi, const Tensor& weight, int bits) {
  float lo = act_lo, hi = act_hi;
  if (!weight.empty()) lo = std::min(lo, weight.vec().minCoeff()), hi = std::max(hi, weight.vec().maxCoeff());
  return affine_qparams(lo, hi, bits);
}

static int64_t shift_code_of(float w) {
  if (w == 0) return encode_shift_code(0, 0);
  const int e = -std::ilogb(w);
  if (std::ldexp(1.f, -e) != std::fabs(w) || e < 0 || e > 15)
    throw InputError(fmt::format("shift layer: weight {} is not +-2^-e with e in [0, 15]", w));
  return encode_shift_code(w > 0 ? 1 : -1, e);
}

// Weight codes, output scales and zero-point corrections for O output channels of K taps each.
static void prepare(QuantizedLayer& L, const Tensor& w, const Tensor* bias, int64_t O, int64_t K) {
  L.codes.assign(size_t(O * K), 0);
  L.out_scale.assign(size_t(O), 0.0);
  L.corr.assign(size_t(O), 0);
  L.bias.assign(size_t(O), 0.f);
  if (bias && !bias->empty()) {
    check_shape(*bias, {O}, "quantized layer bias");
    for (int64_t o = 0; o < O; ++o) L.bias[size_t(o)] = (*bias)[o];
  }
  for (int64_t o = 0; o < O; ++o) {
    const float* wo = w.data() + o * K;
    double s_w = 1.0;
    if (L.pe == PeKind::kMult) {
      float absmax = 0.f;
      for (int64_t k = 0; k < K; ++k) absmax = std::max(absmax, std::fabs(wo[k]));
      const QParams qw = symmetric_qparams(absmax, L.opt.w_bits);
      s_w = qw.scale;
      for (int64_t k = 0; k < K; ++k) L.codes[size_t(o * K + k)] = quantize_value(wo[k], qw);
    } else if (L.pe == PeKind::kShift) {
      s_w = std::ldexp(1.0, -L.opt.acc.shift_frac_bits);
      for (int64_t k = 0; k < K; ++k) L.codes[size_t(o * K + k)] = shift_code_of(wo[k]);
    } else {
      if (L.act.bits != L.opt.w_bits) throw InputError("add layer: activations and weights share one format");
      // A weight beyond the format's range is clamped to its edge w_c: every representable input x lies
      // on the same side of w and w_c, so |x - w| = |x - w_c| + |w - w_c| and the rest is a per-channel
      // constant of the output stage. The clamp is exact, and the format need only cover the inputs.
      double clamped = 0;
      for (int64_t k = 0; k < K; ++k) {
        const int32_t c = quantize_value(wo[k], L.act);
        L.codes[size_t(o * K + k)] = c;
        const float wc = dequantize_value(c, L.act);
        if ((c == L.act.qmax() && wo[k] > wc) || (c == L.act.qmin() && wo[k] < wc)) clamped += std::fabs(wo[k] - wc);
      }
      L.bias[size_t(o)] = float(double(L.bias[size_t(o)]) - clamped);
    }
    L.out_scale[size_t(o)] = double(L.act.scale) * (L.pe == PeKind::kAdd ? 1.0 : s_w);
    if (L.pe != PeKind::kAdd)
      for (int64_t k = 0; k < K; ++k)
        L.corr[size_t(o)] += pe_term(L.pe, L.opt.acc, L.act.zero_point, L.codes[size_t(o * K + k)]);
  }
}

QuantizedLayer QuantizedLayer::conv(PeKind pe, const Tensor& weight, const Tensor* bias, const Conv2dSpec& spec,
                                    const QParams& act, const QuantOptions& opt) {
  if (weight.ndim() != 4) throw InputError("quantized conv: weight must be [O, C/groups, kh, kw]");
  QuantizedLayer L;
  L.pe = pe, L.is_conv = true, L.spec = spec, L.w_shape = weight.shape(), L.act = act, L.opt = opt;
  prepare(L, weight, bias, weight.dim(0), weight.numel() / weight.dim(0));
  return L;
}

QuantizedLayer QuantizedLayer::linear(PeKind pe, const Tensor& weight, const Tensor* bias, const QParams& act,
                                      const QuantOptions& opt) {
  if (weight.ndim() != 2) throw InputError("quantized linear: weight must be [out, in]");
  QuantizedLayer L;
  L.pe = pe, L.w_shape = weight.shape(), L.act = act, L.opt = opt;
  prepare(L, weight, bias, weight.dim(0), weight.dim(1));
  return L;
}

std::vector<IntGemmJob> QuantizedLayer::lower(const Tensor& x) const {
  const std::vector<int32_t> q = quantize(x, act);
  if (!is_conv) {
    const int64_t in = w_shape[1], out = w_shape[0];
    if (x.ndim() < 1 || x.dim(-1) != in) throw InputError("quantized linear: input does not match the weight");
    IntGemmJob job{x.numel() / in, in, out, std::vector<int64_t>(q.begin(), q.end()), {}};
    job.B.resize(size_t(in * out));
    for (int64_t o = 0; o < out; ++o)
      for (int64_t k = 0; k < in; ++k) job.B[size_t(k * out + o)] = codes[size_t(o * in + k)];
    return {job};
  }
  const ConvGeom g = conv_geom(x.shape(), w_shape, spec);
  // im2col of (q - zero_point) in float (exact: |codes| < 2^16), so padding becomes the zero point.
  Tensor centred(x.shape());
  for (int64_t i = 0; i < x.numel(); ++i) centred[i] = float(q[size_t(i)] - act.zero_point);
  std::vector<IntGemmJob> jobs;
  MatRM cols(g.K, g.P);
  for (int64_t gi = 0; gi < g.groups; ++gi) {
    IntGemmJob job{g.N * g.P, g.K, g.Og, std::vector<int64_t>(size_t(g.N * g.P * g.K)),
                   std::vector<int64_t>(size_t(g.K * g.Og))};
    for (int64_t n = 0; n < g.N; ++n) {
      im2col(centred.data() + n * g.C * g.H * g.W, g, spec, gi * g.Cg, cols.data());
      for (int64_t p = 0; p < g.P; ++p)
        for (int64_t k = 0; k < g.K; ++k)
          job.A[size_t((n * g.P + p) * g.K + k)] = int64_t(cols(k, p)) + act.zero_point;
    }
    for (int64_t o = 0; o < g.Og; ++o)
      for (int64_t k = 0; k < g.K; ++k) job.B[size_t(k * g.Og + o)] = codes[size_t((gi * g.Og + o) * g.K + k)];
    jobs.push_back(std::move(job));
  }
  return jobs;
}

Tensor QuantizedLayer::finish(const Shape& x_shape, const std::vector<std::vector<int64_t>>& accs) const {
  auto out = [&](int64_t o, int64_t a) {
    return float(out_scale[size_t(o)] * double(a - corr[size_t(o)]) + double(bias[size_t(o)]));
  };
  if (!is_conv) {
    const int64_t in = w_shape[1], O = w_shape[0], M = shape_numel(x_shape) / in;
    if (accs.size() != 1 || int64_t(accs[0].size()) != M * O) throw InputError("quantized linear: bad accumulators");
    Shape ys = x_shape;
    ys.back() = O;
    Tensor y(ys);
    for (int64_t m = 0; m < M; ++m)
      for (int64_t o = 0; o < O; ++o) y[m * O + o] = out(o, accs[0][size_t(m * O + o)]);
    return y;
  }
  const ConvGeom g = conv_geom(x_shape, w_shape, spec);
  if (int64_t(accs.size()) != g.groups) throw InputError("quantized conv: one accumulator set per group expected");
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  for (int64_t gi = 0; gi < g.groups; ++gi) {
    if (int64_t(accs[size_t(gi)].size()) != g.N * g.P * g.Og) throw InputError("quantized conv: bad accumulators");
    for (int64_t n = 0; n < g.N; ++n)
      for (int64_t p = 0; p < g.P; ++p)
        for (int64_t o = 0; o < g.Og; ++o) {
          const int64_t oo = gi * g.Og + o;
          y[(n * g.O + oo) * g.P + p] = out(oo, accs[size_t(gi)][size_t((n * g.P + p) * g.Og + o)]);
        }
  }
  return y;
}

Tensor QuantizedLayer::forward(const Tensor& x) const {
  std::vector<std::vector<int64_t>> accs;
  for (const auto& job : lower(x)) accs.push_back(run_int_gemm(opt.runner, pe, opt.acc, job));
  return finish(x.shape(), accs);
}

Tensor QuantizedLayer::dequantized_weight() const {
  Tensor w(w_shape);
  const int64_t O = w_shape[0], K = w.numel() / O;
  for (int64_t o = 0; o < O; ++o)
    for (int64_t k = 0; k < K; ++k) {
      const int64_t c = codes[size_t(o * K + k)];
      float v;
      if (pe == PeKind::kShift) {
        int sign, e;
        decode_shift_code(c, sign, e);
        v = float(sign) * std::ldexp(1.f, -e);
      } else if (pe == PeKind::kAdd) {
        v = dequantize_value(int32_t(c), act);
      } else {
        v = float(out_scale[size_t(o)] / double(act.scale)) * float(c);
      }
      w[o * K + k] = v;
    }
  return w;
}

std::vector<int64_t> run_int_gemm(const GemmRunner& runner, PeKind pe, const AccSpec& acc, const IntGemmJob& job) {
  return runner ? runner(pe, acc, job) : parallel_int_gemm(pe, acc, job);
}

Tensor quantized_matmul(const Tensor& a, const QParams& qa, const Tensor& b, const QParams& qb, const AccSpec& acc,
                        IntGemmJob* job_out, const GemmRunner& runner) {
  if (a.ndim() != 2 || b.ndim() != 2 || a.dim(1) != b.dim(0))
    throw InputError(fmt::format("quantized_matmul: shapes {} and {} do not chain", shape_str(a.shape()),
                                 shape_str(b.shape())));
  const int64_t M = a.dim(0), K = a.dim(1), N = b.dim(1);
  const auto ca = quantize(a, qa), cb = quantize(b, qb);
  IntGemmJob job{M, K, N, std::vector<int64_t>(ca.begin(), ca.end()), std::vector<int64_t>(cb.begin(), cb.end())};
  const auto c = run_int_gemm(runner, PeKind::kMult, acc, job);
  std::vector<int64_t> rowsum(size_t(M), 0), colsum(size_t(N), 0);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t k = 0; k < K; ++k) rowsum[size_t(m)] += job.A[size_t(m * K + k)];
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) colsum[size_t(n)] += job.B[size_t(k * N + n)];
  Tensor y({M, N});
  const double s = double(qa.scale) * double(qb.scale);
  const int64_t za = qa.zero_point, zb = qb.zero_point;
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n)
      y[m * N + n] = float(s * double(c[size_t(m * N + n)] - zb * rowsum[size_t(m)] - za * colsum[size_t(n)] +
                                      K * za * zb));
  if (job_out) *job_out = std::move(job);
  return y;
}

}  // namespace shiftadd::nn::quant
