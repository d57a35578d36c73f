#include "models/quant/quant_attn.h"

#include <cmath>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/parallel.h"

namespace shiftadd::nn::quant {

nn::Layer* QuantizedAttnBlock::float_layer(Weights id) const {
  MultiHeadAttention& m = block_->mhsa();
  switch (id) {
    case kMerge: return block_->merge();
    case kQProj: return &m.q_proj;
    case kKProj: return &m.k_proj;
    case kVProj: return &m.v_proj;
    case kOutProj: return &m.out_proj;
    case kFc1: return &block_->fc1();
    default: return &block_->fc2();
  }
}

Tensor QuantizedAttnBlock::weight_layer(Weights id, Site in, const Tensor& x, QuantPass pass) {
  if (pass == QuantPass::kQuant) return layers_.at(size_t(id)).forward(x);
  obs_[size_t(in)].observe(x);
  return float_layer(id)->forward(x);
}

// Same order of operations as AttnBlock::forward and MultiHeadAttention::forward.
Tensor QuantizedAttnBlock::forward(const Tensor& x, QuantPass pass) {
  if (pass == QuantPass::kFloat) return block_->forward(x);
  if (pass == QuantPass::kQuant && layers_.empty()) throw InputError("quantized attention: forward before finalize()");
  const Tensor x0 = block_->merge() ? block_->merge_bn()->forward(weight_layer(kMerge, kMergeIn, x, pass)) : x;
  Tensor t = nchw_to_tokens(x0);
  t += attention(block_->ln1().forward(t), pass);
  const Tensor h = weight_layer(kFc1, kLn2Out, block_->ln2().forward(t), pass);
  t += weight_layer(kFc2, kGeluOut, act_forward(ActKind::kGELU, h), pass);
  return tokens_to_nchw(t, x0.dim(2), x0.dim(3));
}

Tensor QuantizedAttnBlock::attention(const Tensor& t, QuantPass pass) {
  const Tensor q = weight_layer(kQProj, kLn1Out, t, pass);
  const Tensor k = weight_layer(kKProj, kLn1Out, t, pass);
  const Tensor v = weight_layer(kVProj, kLn1Out, t, pass);
  Tensor ctx;
  if (pass == QuantPass::kQuant) {
    ctx = int_sdpa(q, k, v, block_->mhsa().heads, AttnMask{}, act_[kQ], act_[kK], act_[kProbs], act_[kV], opt_);
  } else {
    Tensor probs;
    ctx = sdpa_forward(q, k, v, block_->mhsa().heads, AttnMask{}, &probs);
    obs_[kQ].observe(q);
    obs_[kK].observe(k);
    obs_[kV].observe(v);
    obs_[kProbs].observe(probs);
  }
  return weight_layer(kOutProj, kCtx, ctx, pass);
}

Tensor int_sdpa(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask,
                const QParams& aq, const QParams& ak, const QParams& ap, const QParams& av, const QuantOptions& opt) {
  const int64_t B = q.dim(0), Tq = q.dim(1), Tk = k.dim(1), D = q.dim(2), dh = D / heads;
  const float scale = 1.f / std::sqrt(float(dh));
  Tensor out({B, Tq, D});
  parallel_for_each(B * heads, 2.0 * Tq * Tk * dh * 8, [&](int64_t bh) {
    const int64_t b = bh / heads, h = bh % heads;
    Tensor qb({Tq, dh}), kt({dh, Tk}), vb({Tk, dh});
    for (int64_t i = 0; i < Tq; ++i)
      for (int64_t j = 0; j < dh; ++j) qb[i * dh + j] = q[(b * Tq + i) * D + h * dh + j];
    for (int64_t i = 0; i < Tk; ++i)
      for (int64_t j = 0; j < dh; ++j) {
        kt[j * Tk + i] = k[(b * Tk + i) * D + h * dh + j];
        vb[i * dh + j] = v[(b * Tk + i) * D + h * dh + j];
      }
    Tensor p = quantized_matmul(qb, aq, kt, ak, opt.acc, nullptr, opt.runner);
    p *= scale;
    masked_softmax_block(p.data(), Tq, Tk, mask, b);
    const Tensor c = quantized_matmul(p, ap, vb, av, opt.acc, nullptr, opt.runner);
    for (int64_t i = 0; i < Tq; ++i)
      for (int64_t j = 0; j < dh; ++j) out[(b * Tq + i) * D + h * dh + j] = c[i * dh + j];
  });
  return out;
}

void QuantizedAttnBlock::finalize() {
  act_.assign(kSites, QParams{});
  for (int s = 0; s < kSites; ++s) {
    if (s == kMergeIn && !block_->merge()) continue;
    if (!obs_[size_t(s)].seen) throw InputError("quantized attention: finalize() before calibrate()");
    act_[size_t(s)] = obs_[size_t(s)].affine(8);
  }
  static constexpr Site kInput[kLayers] = {kMergeIn, kLn1Out, kLn1Out, kLn1Out, kCtx, kLn2Out, kGeluOut};
  layers_.assign(kLayers, QuantizedLayer{});
  if (Conv2d* m = block_->merge())
    layers_[kMerge] = QuantizedLayer::conv(PeKind::kMult, m->weight.value, m->bias.value.empty() ? nullptr : &m->bias.value,
                                           m->spec, act_[kMergeIn], opt_);
  for (int id = kQProj; id < kLayers; ++id) {
    const Linear& l = *static_cast<Linear*>(float_layer(Weights(id)));
    layers_[size_t(id)] = QuantizedLayer::linear(PeKind::kMult, l.weight.value, l.bias.value.empty() ? nullptr : &l.bias.value,
                                                 act_[size_t(kInput[id])], opt_);
  }
}

int64_t QuantizedAttnBlock::integer_ops() const { return (block_->merge() ? kLayers : kLayers - 1) + 2; }

}  // namespace shiftadd::nn::quant
