#include "models/ops/attention.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

namespace {
using StrideMap = Eigen::Map<MatRM, 0, Eigen::OuterStride<>>;
using CStrideMap = Eigen::Map<const MatRM, 0, Eigen::OuterStride<>>;

struct AttnDims {
  int64_t B, Tq, Tk, Dk, Dv, H, dk, dv;
};

AttnDims attn_dims(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask) {
  if (q.ndim() != 3 || k.ndim() != 3 || v.ndim() != 3 || k.dim(0) != q.dim(0) || v.dim(0) != q.dim(0) ||
      k.dim(1) != v.dim(1) || k.dim(2) != q.dim(2))
    throw InputError(fmt::format("attention: q {}, k {}, v {} are not [B, Tq, Dk], [B, Tk, Dk], [B, Tk, Dv]",
                                 shape_str(q.shape()), shape_str(k.shape()), shape_str(v.shape())));
  AttnDims d{q.dim(0), q.dim(1), k.dim(1), q.dim(2), v.dim(2), heads, 0, 0};
  if (heads < 1 || d.Dk % heads || d.Dv % heads)
    throw InputError(fmt::format("attention: dims {} and {} not divisible by {} heads", d.Dk, d.Dv, heads));
  d.dk = d.Dk / heads, d.dv = d.Dv / heads;
  if (!mask.key_padding.empty() && int64_t(mask.key_padding.size()) != d.B * d.Tk)
    throw InputError(fmt::format("attention: key_padding has {} entries, need B*Tk = {}", mask.key_padding.size(),
                                 d.B * d.Tk));
  return d;
}

bool masked(const AttnMask& m, const AttnDims& d, int64_t b, int64_t i, int64_t j) {
  if (m.causal && j > i + (d.Tk - d.Tq)) return true;
  return !m.key_padding.empty() && m.key_padding[size_t(b * d.Tk + j)];
}
}  // namespace

void masked_softmax_block(float* scores, int64_t Tq, int64_t Tk, const AttnMask& mask, int64_t b) {
  const AttnDims d{0, Tq, Tk, 0, 0, 1, 0, 0};
  MapMat p(scores, Tq, Tk);
  for (int64_t i = 0; i < Tq; ++i) {
    float mx = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < Tk; ++j)
      if (masked(mask, d, b, i, j)) p(i, j) = -std::numeric_limits<float>::infinity();
      else mx = std::max(mx, p(i, j));
    if (mx == -std::numeric_limits<float>::infinity()) {  // every key masked: attend to nothing
      p.row(i).setZero();
      continue;
    }
    p.row(i) = (p.row(i).array() - mx).exp();
    // Eigen's vectorised exp clamps -inf to a tiny denormal; masked keys must weigh exactly 0.
    for (int64_t j = 0; j < Tk; ++j)
      if (masked(mask, d, b, i, j)) p(i, j) = 0.f;
    p.row(i) /= p.row(i).sum();
  }
}

Tensor sdpa_forward(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask,
                    Tensor* probs_out) {
  const AttnDims d = attn_dims(q, k, v, heads, mask);
  Tensor out({d.B, d.Tq, d.Dv});
  Tensor probs = probs_out ? Tensor({d.B, d.H, d.Tq, d.Tk}) : Tensor();  // without probs_out: one [Tq, Tk] per task
  const float scale = 1.f / std::sqrt(float(d.dk));
  parallel_for_each(d.B * d.H, 2.0 * d.Tq * d.Tk * (d.dk + d.dv), [&](int64_t bh) {
    // Eigen's softmax loops peel unaligned leading elements (scalar exp, other sum order), so the scratch
    // block starts at the same offset mod 16 bytes as block bh of a malloc'd (16-aligned) probs tensor.
    const int64_t skew = probs_out ? 0 : bh * d.Tq * d.Tk % 4;
    Eigen::VectorXf scratch(probs_out ? 0 : d.Tq * d.Tk + skew);
    const int64_t b = bh / d.H, h = bh % d.H;
    CStrideMap qb(q.data() + b * d.Tq * d.Dk + h * d.dk, d.Tq, d.dk, Eigen::OuterStride<>(d.Dk));
    CStrideMap kb(k.data() + b * d.Tk * d.Dk + h * d.dk, d.Tk, d.dk, Eigen::OuterStride<>(d.Dk));
    CStrideMap vb(v.data() + b * d.Tk * d.Dv + h * d.dv, d.Tk, d.dv, Eigen::OuterStride<>(d.Dv));
    StrideMap ob(out.data() + b * d.Tq * d.Dv + h * d.dv, d.Tq, d.dv, Eigen::OuterStride<>(d.Dv));
    MapMat p(probs_out ? probs.data() + bh * d.Tq * d.Tk : scratch.data() + skew, d.Tq, d.Tk);
    p.noalias() = (qb * kb.transpose()) * scale;
    masked_softmax_block(p.data(), d.Tq, d.Tk, mask, b);
    ob.noalias() = p * vb;
  });
  if (probs_out) *probs_out = std::move(probs);
  return out;
}

void sdpa_backward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& probs, int64_t heads,
                   const Tensor& dout, Tensor& dq, Tensor& dk, Tensor& dv) {
  const AttnDims d = attn_dims(q, k, v, heads, AttnMask{});
  check_shape(probs, {d.B, d.H, d.Tq, d.Tk}, "attention probs");
  check_shape(dout, {d.B, d.Tq, d.Dv}, "attention dout");
  dq = Tensor(q.shape()), dk = Tensor(k.shape()), dv = Tensor(v.shape());
  const float scale = 1.f / std::sqrt(float(d.dk));
  parallel_for_each(d.B * d.H, 4.0 * d.Tq * d.Tk * (d.dk + d.dv), [&](int64_t bh) {
    const int64_t b = bh / d.H, h = bh % d.H;
    const Eigen::OuterStride<> sk(d.Dk), sv(d.Dv);
    CStrideMap qb(q.data() + b * d.Tq * d.Dk + h * d.dk, d.Tq, d.dk, sk);
    CStrideMap kb(k.data() + b * d.Tk * d.Dk + h * d.dk, d.Tk, d.dk, sk);
    CStrideMap vb(v.data() + b * d.Tk * d.Dv + h * d.dv, d.Tk, d.dv, sv);
    CStrideMap dob(dout.data() + b * d.Tq * d.Dv + h * d.dv, d.Tq, d.dv, sv);
    StrideMap dqb(dq.data() + b * d.Tq * d.Dk + h * d.dk, d.Tq, d.dk, sk);
    StrideMap dkb(dk.data() + b * d.Tk * d.Dk + h * d.dk, d.Tk, d.dk, sk);
    StrideMap dvb(dv.data() + b * d.Tk * d.Dv + h * d.dv, d.Tk, d.dv, sv);
    CMapMat p(probs.data() + bh * d.Tq * d.Tk, d.Tq, d.Tk);
    dvb.noalias() = p.transpose() * dob;
    MatRM ds = dob * vb.transpose();  // dP, then dS = P * (dP - rowsum(dP * P)); masked P = 0 gives dS = 0
    const Eigen::VectorXf rs = (ds.array() * p.array()).rowwise().sum();
    ds = (p.array() * (ds.array().colwise() - rs.array())).matrix() * scale;
    dqb.noalias() = ds * kb;
    dkb.noalias() = ds.transpose() * qb;
  });
}

MultiHeadAttention::MultiHeadAttention(int64_t e, int64_t h, Rng& rng, int64_t kv_dim, bool bias)
    : embed_dim(e),
      heads(h),
      q_proj(e, e, bias, rng),
      k_proj(kv_dim < 0 ? e : kv_dim, e, bias, rng),
      v_proj(kv_dim < 0 ? e : kv_dim, e, bias, rng),
      out_proj(e, e, bias, rng) {
  if (h < 1 || e % h) throw InputError(fmt::format("attention: embed_dim {} not divisible by {} heads", e, h));
}

Tensor MultiHeadAttention::forward(const Tensor& query, const Tensor& key_value, const AttnMask& mask) {
  Tensor q = q_proj.forward(query), k = k_proj.forward(key_value), v = v_proj.forward(key_value);
  Tensor probs, ctx = sdpa_forward(q, k, v, heads, mask, inference_ ? nullptr : &probs);
  q_ = inference_ ? Tensor() : std::move(q);
  k_ = inference_ ? Tensor() : std::move(k);
  v_ = inference_ ? Tensor() : std::move(v);
  probs_ = std::move(probs);
  return out_proj.forward(ctx);
}

void MultiHeadAttention::set_inference(bool on, Kernels k) {
  Module::set_inference(on, k);
  for (Linear* l : {&q_proj, &k_proj, &v_proj, &out_proj}) l->set_inference(on, k);
}

MultiHeadAttention::Grads MultiHeadAttention::backward(const Tensor& dout) {
  check_kept(probs_, "attention");
  Tensor dattn = out_proj.backward(dout);
  Tensor dq, dk, dv;
  sdpa_backward(q_, k_, v_, probs_, heads, dattn, dq, dk, dv);
  Grads g;
  g.dquery = q_proj.backward(dq);
  g.dkey_value = k_proj.backward(dk);
  g.dkey_value += v_proj.backward(dv);
  return g;
}

Tensor MultiHeadAttention::backward_self(const Tensor& dout) {
  Grads g = backward(dout);
  g.dquery += g.dkey_value;
  return g.dquery;
}

void MultiHeadAttention::collect_params(const std::string& prefix, ParamList& out) {
  q_proj.collect_params(prefix + "q_proj.", out);
  k_proj.collect_params(prefix + "k_proj.", out);
  v_proj.collect_params(prefix + "v_proj.", out);
  out_proj.collect_params(prefix + "out_proj.", out);
}

}  // namespace shiftadd::nn
