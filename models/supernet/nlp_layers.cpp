#include "models/supernet/nlp_layers.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "models/ops/lightweight_conv.h"
#include "models/ops/linear.h"
#include "models/ops/shift.h"
#include "models/ops/softmax.h"

namespace shiftadd::nn {

Tensor slice2d(const Tensor& w, int64_t rows, int64_t cols, int64_t r0) {
  if (w.ndim() != 2 || r0 + rows > w.dim(0) || cols > w.dim(1))
    throw InputError(fmt::format("elastic slice [{}:{}, :{}] of {}", r0, r0 + rows, cols, shape_str(w.shape())));
  Tensor out({rows, cols});
  out.mat(rows, cols) = w.mat(w.dim(0), w.dim(1)).block(r0, 0, rows, cols);
  return out;
}

void add_slice2d(Tensor& full, const Tensor& part, int64_t r0) {
  full.mat(full.dim(0), full.dim(1)).block(r0, 0, part.dim(0), part.dim(1)) += part.mat(part.dim(0), part.dim(1));
}

Tensor slice_cols(const Tensor& x, int64_t c0, int64_t n) {
  const int64_t C = x.dim(-1), M = x.numel() / C;
  Shape s = x.shape();
  s.back() = n;
  Tensor out(s);
  out.mat(M, n) = x.mat(M, C).middleCols(c0, n);
  return out;
}

void put_cols(Tensor& dst, const Tensor& src, int64_t c0) {
  const int64_t C = dst.dim(-1), n = src.dim(-1), M = dst.numel() / C;
  dst.mat(M, C).middleCols(c0, n) = src.mat(M, n);
}

Tensor mask_rows(const Tensor& x, const std::vector<float>& keep) {
  const int64_t C = x.dim(-1), M = x.numel() / C;
  if (int64_t(keep.size()) != M) throw InputError("mask_rows: mask size does not match the tokens");
  Tensor y = x;
  for (int64_t m = 0; m < M; ++m)
    if (keep[size_t(m)] == 0.f) y.mat(M, C).row(m).setZero();
  return y;
}

ElasticLinear::ElasticLinear(int64_t in_max, int64_t out_max, Rng& rng, bool has_bias) {
  const float a = 1.f / std::sqrt(float(in_max));
  weight = Param(Tensor::uniform({out_max, in_max}, rng, -a, a));
  if (has_bias) bias = Param(Tensor({out_max}), 0.f);
}

Tensor ElasticLinear::forward(const Tensor& x, int64_t out) {
  x_ = x;
  w_ = slice2d(weight.value, out, x.dim(-1));
  if (!bias.value.empty()) b_ = Tensor({out}, std::vector<float>(bias.value.data(), bias.value.data() + out));
  if (hook) return hook->linear(PeKind::kMult, x, w_, bias.value.empty() ? nullptr : &b_);
  return linear_forward(x, w_, bias.value.empty() ? nullptr : &b_);
}

Tensor ElasticLinear::backward(const Tensor& dy) {
  Tensor dw(w_.shape()), db(b_.shape());
  Tensor dx = linear_backward(x_, w_, dy, &dw, bias.value.empty() ? nullptr : &db);
  add_slice2d(weight.grad, dw);
  for (int64_t i = 0; i < db.numel(); ++i) bias.grad[i] += db[i];
  return dx;
}

void ElasticLinear::collect_params(const std::string& p, ParamList& out) {
  out.emplace_back(p + "weight", &weight);
  if (!bias.value.empty()) out.emplace_back(p + "bias", &bias);
}

ElasticLayerNorm::ElasticLayerNorm(int64_t d) : gamma(Tensor({d}, 1.f), 0.f), beta(Tensor({d}), 0.f) {}

Tensor ElasticLayerNorm::forward(const Tensor& x) {
  const int64_t C = x.dim(-1), M = x.numel() / C;
  xhat_ = Tensor(x.shape());
  inv_std_.assign(size_t(M), 0.f);
  Tensor y(x.shape());
  for (int64_t m = 0; m < M; ++m) {
    const float* xr = x.data() + m * C;
    double mean = 0, var = 0;
    for (int64_t c = 0; c < C; ++c) mean += xr[c];
    mean /= double(C);
    for (int64_t c = 0; c < C; ++c) var += (xr[c] - mean) * (xr[c] - mean);
    const float is = float(1.0 / std::sqrt(var / double(C) + 1e-5));
    inv_std_[size_t(m)] = is;
    for (int64_t c = 0; c < C; ++c) {
      const float h = (xr[c] - float(mean)) * is;
      xhat_[m * C + c] = h;
      y[m * C + c] = h * gamma.value[c] + beta.value[c];
    }
  }
  return y;
}

Tensor ElasticLayerNorm::backward(const Tensor& dy) {
  const int64_t C = dy.dim(-1), M = dy.numel() / C;
  Tensor dx(dy.shape());
  for (int64_t m = 0; m < M; ++m) {
    double s1 = 0, s2 = 0;
    for (int64_t c = 0; c < C; ++c) {
      const float g = dy[m * C + c] * gamma.value[c];
      s1 += g;
      s2 += double(g) * xhat_[m * C + c];
      gamma.grad[c] += dy[m * C + c] * xhat_[m * C + c];
      beta.grad[c] += dy[m * C + c];
    }
    const float a = float(s1 / double(C)), b = float(s2 / double(C));
    for (int64_t c = 0; c < C; ++c) {
      const float g = dy[m * C + c] * gamma.value[c];
      dx[m * C + c] = inv_std_[size_t(m)] * (g - a - xhat_[m * C + c] * b);
    }
  }
  return dx;
}

void ElasticLayerNorm::collect_params(const std::string& p, ParamList& out) {
  out.emplace_back(p + "gamma", &gamma);
  out.emplace_back(p + "beta", &beta);
}

ElasticAttention::ElasticAttention(int64_t d_max, int64_t kv_max, Rng& rng)
    : q(d_max, d_max, rng), k(kv_max, d_max, rng), v(kv_max, d_max, rng), o(d_max, d_max, rng) {}

Tensor ElasticAttention::forward(const Tensor& query, const Tensor& kv, int64_t heads, const AttnMask& mask) {
  const int64_t d = query.dim(-1);
  if (heads < 1 || d % heads) throw InputError(fmt::format("attention: {} channels, {} heads", d, heads));
  heads_ = heads;
  q_ = q.forward(query, d);
  k_ = k.forward(kv, d);
  v_ = v.forward(kv, d);
  if (hook_) return o.forward(hook_->sdpa(q_, k_, v_, heads, mask), d);
  return o.forward(sdpa_forward(q_, k_, v_, heads, mask, &probs_), d);
}

void ElasticAttention::set_hook(NlpGemmHook* h) {
  hook_ = h;
  for (ElasticLinear* l : {&q, &k, &v, &o}) l->hook = h;
}

ElasticAttention::Grads ElasticAttention::backward(const Tensor& dy) {
  const Tensor datt = o.backward(dy);
  Tensor dq, dk, dv;
  sdpa_backward(q_, k_, v_, probs_, heads_, datt, dq, dk, dv);
  Grads g;
  g.dquery = q.backward(dq);
  g.dkv = k.backward(dk);
  g.dkv += v.backward(dv);
  return g;
}

void ElasticAttention::collect_params(const std::string& p, ParamList& out) {
  q.collect_params(p + "q.", out);
  k.collect_params(p + "k.", out);
  v.collect_params(p + "v.", out);
  o.collect_params(p + "o.", out);
}

double LightBranch::kl_loss(BlockType kind, Rng& rng, float coef) {
  if (kind == BlockType::kConv) return kl_to_sample(K.value, Tensor::randn(K.value.shape(), rng), coef, K.grad);
  if (kind != BlockType::kAdd) return 0;
  const Tensor t = T.apply(K.value);
  Tensor dt(t.shape());
  const double kl = kl_to_sample(t, laplace_sample(t.shape(), rng, kKlLaplaceScale), coef, dt);
  T.backward(K.value, dt, K.grad);
  return kl;
}

BlockType light_kind(BlockType b) {
  switch (b) {
    case BlockType::kConv: case BlockType::kAttnConv: return BlockType::kConv;
    case BlockType::kShift: case BlockType::kAttnShift: return BlockType::kShift;
    case BlockType::kAdd: case BlockType::kAttnAdd: return BlockType::kAdd;
    default: throw InputError(std::string("block type '") + to_string(b) + "' has no lightweight branch");
  }
}

LightBranch::LightBranch(int64_t c_max, int64_t h, int64_t k, bool causal_, Rng& rng)
    : heads(h), kernel(k), causal(causal_), lin1a(c_max, c_max, rng), lin1g(c_max, c_max, rng),
      lin2(c_max, c_max, rng), K(Tensor::randn({h, k}, rng, 0.5f), 0.f) {}

Tensor LightBranch::conv_kernel(BlockType kind) {
  if (kind == BlockType::kConv) return softmax_forward(K.value);
  return T.apply(K.value);
}

Tensor LightBranch::shift_weight(int64_t c) {
  w2s_ = slice2d(lin2.weight.value, c, c);
  return shift_q_weight(T2.apply(w2s_));
}

Tensor LightBranch::forward(const Tensor& x, BlockType kind, const std::vector<float>& keep) {
  kind_ = kind;
  keep_ = keep;
  const int64_t C = x.dim(-1);
  a_ = lin1a.forward(x, C);
  g_ = lin1g.forward(x, C);
  sig_ = Tensor(g_.shape());
  h_ = Tensor(g_.shape());
  for (int64_t i = 0; i < h_.numel(); ++i) {
    sig_[i] = 1.f / (1.f + std::exp(-g_[i]));
    h_[i] = a_[i] * sig_[i];
  }
  hs_ = h_;
  if (kind == BlockType::kShift)
    hs_ = hook_ ? hook_->linear(PeKind::kShift, h_, shift_weight(C), nullptr) : linear_forward(h_, shift_weight(C), nullptr);
  hm_ = mask_rows(hs_, keep);
  kraw_ = conv_kernel(kind);
  const PeKind lk = kind == BlockType::kConv ? PeKind::kMult : PeKind::kAdd;
  if (hook_) return lin2.forward(hook_->light_conv(lk, hm_, kraw_, pad_left()), C);
  return lin2.forward(lightweight_conv_forward(hm_, kraw_, pad_left(), lk), C);
}

void LightBranch::set_hook(NlpGemmHook* h) {
  hook_ = h;
  for (ElasticLinear* l : {&lin1a, &lin1g, &lin2}) l->hook = h;
}

Tensor LightBranch::backward(const Tensor& dy) {
  const Tensor dconv = lin2.backward(dy);
  const PeKind lk = kind_ == BlockType::kConv ? PeKind::kMult : PeKind::kAdd;
  Tensor dk(kraw_.shape());
  Tensor dh = mask_rows(lightweight_conv_backward(hm_, kraw_, dconv, pad_left(), &dk, lk), keep_);
  if (kind_ == BlockType::kConv) {
    K.grad += softmax_backward(kraw_, dk);
  } else {
    T.backward(K.value, dk, K.grad);
  }
  if (kind_ == BlockType::kShift) {
    const Tensor ws = shift_q_weight(T2.apply(w2s_));
    Tensor dws(ws.shape()), dw2(ws.shape());
    dh = linear_backward(h_, ws, dh, &dws, nullptr);
    T2.backward(w2s_, dws, dw2);  // straight-through pow2 rounding
    add_slice2d(lin2.weight.grad, dw2);
  }
  Tensor da(h_.shape()), dg(h_.shape());
  for (int64_t i = 0; i < h_.numel(); ++i) {
    da[i] = dh[i] * sig_[i];
    dg[i] = dh[i] * a_[i] * sig_[i] * (1.f - sig_[i]);
  }
  Tensor dx = lin1a.backward(da);
  dx += lin1g.backward(dg);
  return dx;
}

void LightBranch::collect_params(const std::string& p, ParamList& out) {
  lin1a.collect_params(p + "lin1a.", out);
  lin1g.collect_params(p + "lin1g.", out);
  lin2.collect_params(p + "lin2.", out);
  out.emplace_back(p + "kernel", &K);
  out.emplace_back(p + "T.scale", &T.scale);
  out.emplace_back(p + "T2.scale", &T2.scale);
}

Tensor sinusoid_table(int64_t T, int64_t d) {
  Tensor pe({T, d});
  const int64_t half = d / 2;
  const double step = std::log(10000.0) / double(std::max<int64_t>(half - 1, 1));
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < half; ++i) {
      const double a = double(t) * std::exp(-step * double(i));
      pe[t * d + i] = float(std::sin(a));
      pe[t * d + half + i] = float(std::cos(a));
    }
  return pe;
}

}  // namespace shiftadd::nn
