#include "models/supernet/nlp_supernet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "models/ops/linear.h"

namespace shiftadd::nn {
namespace {

int64_t kernel_at(const NlpStackSpec& st, size_t i) {
  return st.kernel_sizes.empty() ? 3 : st.kernel_sizes[std::min(i, st.kernel_sizes.size() - 1)];
}
int64_t max_of(const std::vector<int>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
int64_t max_layers(const NlpStackSpec& st) { return max_of(st.layers); }

bool has_light(const NlpStackSpec& st) {
  for (BlockType b : st.block_types)
    if (b != BlockType::kAttn) return true;
  return false;
}
int64_t light_width(const NlpStackSpec& st, int64_t d, double split) {
  int64_t w = 0;
  for (BlockType b : st.block_types)
    if (b != BlockType::kAttn) w = std::max(w, is_hybrid(b) ? d - int64_t(double(d) * split) : d);
  return w;
}

Tensor concat_cols(const Tensor& a, const Tensor& b) {
  Shape s = a.shape();
  s.back() = a.dim(-1) + b.dim(-1);
  Tensor out(s);
  put_cols(out, a, 0);
  put_cols(out, b, a.dim(-1));
  return out;
}

}  // namespace

NlpMasks make_masks(const NlpBatch& b) {
  NlpMasks m;
  m.src_keep.resize(size_t(b.B * b.Ts));
  m.tgt_keep.resize(size_t(b.B * b.Tt));
  m.enc_self.key_padding.resize(size_t(b.B * b.Ts));
  for (size_t i = 0; i < b.src.size(); ++i) {
    m.src_keep[i] = b.src[i] != 0 ? 1.f : 0.f;
    m.enc_self.key_padding[i] = b.src[i] == 0;
  }
  for (size_t i = 0; i < b.tgt_in.size(); ++i) m.tgt_keep[i] = b.tgt_in[i] != 0 ? 1.f : 0.f;
  m.cross.key_padding = m.enc_self.key_padding;
  m.dec_self.causal = true;
  return m;
}

NlpLayer::NlpLayer(const NlpSpace& s, bool dec, int64_t kernel, Rng& rng)
    : decoder(dec), split(s.hybrid_split), self_attn(max_of(s.embed_dim), max_of(s.embed_dim), rng),
      fc1(max_of(s.embed_dim), max_of((dec ? s.decoder : s.encoder).ffn_dim), rng),
      fc2(max_of((dec ? s.decoder : s.encoder).ffn_dim), max_of(s.embed_dim), rng),
      ln_mix(max_of(s.embed_dim)), ln_ffn(max_of(s.embed_dim)) {
  const NlpStackSpec& st = dec ? s.decoder : s.encoder;
  const int64_t d = max_of(s.embed_dim);
  if (has_light(st)) light = std::make_unique<LightBranch>(light_width(st, d, split), s.branch_heads, kernel, dec, rng);
  if (dec) {
    cross = std::make_unique<ElasticAttention>(d, d, rng);
    ln_cross = std::make_unique<ElasticLayerNorm>(d);
  }
}

Tensor NlpLayer::mix_forward(const Tensor& x, const NlpLayerArch& a, const NlpMasks& m) {
  block_ = a.block;
  const AttnMask& am = decoder ? m.dec_self : m.enc_self;
  const std::vector<float>& keep = decoder ? m.tgt_keep : m.src_keep;
  if (a.block == BlockType::kAttn) return self_attn.forward(x, x, a.heads, am);
  if (!light) throw InputError(std::string("block type '") + to_string(a.block) + "' is not in this supernet");
  if (!is_hybrid(a.block)) return light->forward(x, light_kind(a.block), keep);
  const int64_t d = x.dim(-1);
  half_ = int64_t(double(d) * split);
  const Tensor xa = slice_cols(x, 0, half_);
  const Tensor ya = self_attn.forward(xa, xa, std::max(1, a.heads / 2), am);
  return concat_cols(ya, light->forward(slice_cols(x, half_, d - half_), light_kind(a.block), keep));
}

Tensor NlpLayer::mix_backward(const Tensor& dy) {
  if (block_ == BlockType::kAttn) {
    ElasticAttention::Grads g = self_attn.backward(dy);
    g.dquery += g.dkv;
    return g.dquery;
  }
  if (!is_hybrid(block_)) return light->backward(dy);
  const int64_t d = dy.dim(-1);
  ElasticAttention::Grads g = self_attn.backward(slice_cols(dy, 0, half_));
  g.dquery += g.dkv;
  Tensor dx(dy.shape());
  put_cols(dx, g.dquery, 0);
  put_cols(dx, light->backward(slice_cols(dy, half_, d - half_)), half_);
  return dx;
}

Tensor NlpLayer::forward(const Tensor& x, const NlpLayerArch& a, const NlpMasks& m, const Tensor* memory) {
  const int64_t d = x.dim(-1);
  Tensor r = x;
  r += mix_forward(x, a, m);
  Tensor y = ln_mix.forward(r);
  if (decoder) {
    Tensor r2 = y;
    r2 += cross->forward(y, *memory, a.ende_heads, m.cross);
    y = ln_cross->forward(r2);
  }
  h1_ = fc1.forward(y, a.ffn_dim);
  Tensor h = h1_;
  for (int64_t i = 0; i < h.numel(); ++i) h[i] = std::max(h[i], 0.f);
  Tensor r3 = y;
  r3 += fc2.forward(h, d);
  return ln_ffn.forward(r3);
}

Tensor NlpLayer::backward(const Tensor& dy, Tensor* dmemory) {
  Tensor dr3 = ln_ffn.backward(dy);
  Tensor dh = fc2.backward(dr3);
  for (int64_t i = 0; i < dh.numel(); ++i)
    if (h1_[i] <= 0.f) dh[i] = 0.f;
  Tensor dyy = dr3;
  dyy += fc1.backward(dh);
  if (decoder) {
    Tensor dr2 = ln_cross->backward(dyy);
    ElasticAttention::Grads g = cross->backward(dr2);
    *dmemory = g.dkv;
    dyy = dr2;
    dyy += g.dquery;
  }
  Tensor dr = ln_mix.backward(dyy);
  Tensor dx = dr;
  dx += mix_backward(dr);
  return dx;
}

void NlpLayer::set_hook(NlpGemmHook* h) {
  self_attn.set_hook(h);
  if (light) light->set_hook(h);
  if (cross) cross->set_hook(h);
  fc1.hook = fc2.hook = h;
}

void NlpLayer::collect_params(const std::string& p, ParamList& out) {
  self_attn.collect_params(p + "attn.", out);
  if (light) light->collect_params(p + "light.", out);
  ln_mix.collect_params(p + "ln_mix.", out);
  if (cross) {
    cross->collect_params(p + "cross.", out);
    ln_cross->collect_params(p + "ln_cross.", out);
  }
  fc1.collect_params(p + "fc1.", out);
  fc2.collect_params(p + "fc2.", out);
  ln_ffn.collect_params(p + "ln_ffn.", out);
}

NlpSupernet::NlpSupernet(const NlpSpace& s, uint64_t seed) : space(s), d_max(max_of(s.embed_dim)) {
  Rng rng(seed);
  embed = Param(Tensor::randn({s.vocab, d_max}, rng, 1.f / std::sqrt(float(d_max))));
  out_bias = Param(Tensor({s.vocab}), 0.f);
  for (int64_t i = 0; i < max_layers(s.encoder); ++i)
    enc.push_back(std::make_unique<NlpLayer>(s, false, kernel_at(s.encoder, size_t(i)), rng));
  for (int64_t i = 0; i < max_layers(s.decoder); ++i)
    dec.push_back(std::make_unique<NlpLayer>(s, true, kernel_at(s.decoder, size_t(i)), rng));
}

Tensor NlpSupernet::embed_forward(const std::vector<int64_t>& ids, int64_t B, int64_t T, int64_t d) const {
  if (T > (std::max)(space.src_len, space.tgt_len))
    throw InputError(fmt::format("nlp supernet: sequence of {} tokens exceeds the space's length", T));
  const Tensor pe = sinusoid_table(T, d);
  Tensor x({B, T, d});
  const float sc = std::sqrt(float(d));
  for (int64_t i = 0; i < B * T; ++i) {
    const int64_t id = ids[size_t(i)];
    if (id < 0 || id >= space.vocab) throw InputError(fmt::format("nlp supernet: token id {} outside the vocabulary", id));
    for (int64_t c = 0; c < d; ++c) x[i * d + c] = embed.value[id * d_max + c] * sc + pe[(i % T) * d + c];
  }
  return x;
}

void NlpSupernet::embed_backward(const std::vector<int64_t>& ids, const Tensor& dx) {
  const int64_t d = dx.dim(-1), n = dx.numel() / d;
  const float sc = std::sqrt(float(d));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t c = 0; c < d; ++c) embed.grad[ids[size_t(i)] * d_max + c] += dx[i * d + c] * sc;
}

Tensor NlpSupernet::encode(const NlpBatch& b, const Arch& a) {
  if (a.encoder.size() > enc.size() || a.decoder.size() > dec.size() || a.decoder.empty())
    throw InputError("nlp supernet: subnet has more layers than the supernet");
  arch_ = a;
  batch_ = b;
  masks_ = make_masks(b);
  Tensor x = embed_forward(b.src, b.B, b.Ts, a.enc_embed);
  enc_out_.clear();
  for (size_t i = 0; i < a.encoder.size(); ++i) {
    x = enc[i]->forward(x, a.encoder[i], masks_, nullptr);
    enc_out_.push_back(x);
  }
  return x;
}

Tensor NlpSupernet::memory_for(size_t, const NlpLayerArch& l) const {
  const size_t L = enc_out_.size(), k = std::clamp<size_t>(size_t(l.arbitrary_attn), 1, L);
  Tensor m = enc_out_[L - 1];
  for (size_t i = L - k; i + 1 < L; ++i) m += enc_out_[i];
  if (k > 1) m *= 1.f / float(k);
  return m;
}

void NlpSupernet::set_gemm_hook(NlpGemmHook* h) {
  hook_ = h;
  for (auto& l : enc) l->set_hook(h);
  for (auto& l : dec) l->set_hook(h);
}

Tensor NlpSupernet::forward(const NlpBatch& b, const Arch& a) {
  if (hook_) hook_->begin_forward();
  encode(b, a);
  return decode(b, a);
}

// The decoder stack and the output projection on the memory of the last encode().
Tensor NlpSupernet::decode(const NlpBatch& b, const Arch& a) {
  if (hook_) hook_->begin_decoder();
  Tensor y = embed_forward(b.tgt_in, b.B, b.Tt, a.dec_embed);
  for (size_t j = 0; j < a.decoder.size(); ++j) {
    const Tensor mem = memory_for(j, a.decoder[j]);
    y = dec[j]->forward(y, a.decoder[j], masks_, &mem);
  }
  dec_out_ = y;
  out_w_ = slice2d(embed.value, space.vocab, a.dec_embed);
  if (hook_) return hook_->linear(PeKind::kMult, y, out_w_, &out_bias.value);
  return linear_forward(y, out_w_, &out_bias.value);
}

void NlpSupernet::backward(const Tensor& dlogits) {
  if (hook_) throw InputError("nlp supernet: backward while a GEMM hook is set");
  const Arch& a = arch_;
  Tensor dw(out_w_.shape());
  Tensor dy = linear_backward(dec_out_, out_w_, dlogits, &dw, &out_bias.grad);
  add_slice2d(embed.grad, dw);
  std::vector<Tensor> denc(enc_out_.size());
  for (auto& t : denc) t = Tensor::zeros_like(enc_out_[0]);
  for (size_t j = a.decoder.size(); j-- > 0;) {
    Tensor dmem;
    dy = dec[j]->backward(dy, &dmem);
    const size_t L = enc_out_.size(), k = std::clamp<size_t>(size_t(a.decoder[j].arbitrary_attn), 1, L);
    dmem *= 1.f / float(k);
    for (size_t i = L - k; i < L; ++i) denc[i] += dmem;
  }
  embed_backward(batch_.tgt_in, dy);
  Tensor g = denc.back();
  for (size_t i = a.encoder.size(); i-- > 0;) {
    g = enc[i]->backward(g, nullptr);
    if (i > 0) g += denc[i - 1];
  }
  embed_backward(batch_.src, g);
}

double NlpSupernet::kl_loss(const Arch& a, Rng& rng, float coef) {
  double kl = 0;
  for (size_t i = 0; i < a.encoder.size(); ++i)
    if (a.encoder[i].block != BlockType::kAttn) kl += enc[i]->light->kl_loss(light_kind(a.encoder[i].block), rng, coef);
  for (size_t j = 0; j < a.decoder.size(); ++j)
    if (a.decoder[j].block != BlockType::kAttn) kl += dec[j]->light->kl_loss(light_kind(a.decoder[j].block), rng, coef);
  return kl;
}

std::vector<std::vector<int32_t>> NlpSupernet::greedy(const std::vector<std::vector<int32_t>>& src, const Arch& a,
                                                      int64_t max_len, const NlpLogitsTap& on_logits) {
  NlpBatch b;
  b.B = int64_t(src.size());
  for (const auto& s : src) b.Ts = std::max<int64_t>(b.Ts, std::min<int64_t>(int64_t(s.size()) + 1, space.src_len));
  b.src.assign(size_t(b.B * b.Ts), 0);
  for (int64_t i = 0; i < b.B; ++i) {
    const auto& s = src[size_t(i)];
    const int64_t n = std::min<int64_t>(int64_t(s.size()), b.Ts - 1);
    for (int64_t t = 0; t < n; ++t) b.src[size_t(i * b.Ts + t)] = s[size_t(t)];
    b.src[size_t(i * b.Ts + n)] = 2;  // </s>
  }
  std::vector<std::vector<int32_t>> out(src.size());
  std::vector<bool> done(src.size(), false);
  max_len = std::min<int64_t>(max_len, space.tgt_len);
  for (int64_t t = 1; t <= max_len; ++t) {
    b.Tt = t;
    b.tgt_in.assign(size_t(b.B * t), 0);
    for (int64_t i = 0; i < b.B; ++i) {
      b.tgt_in[size_t(i * t)] = 1;  // <s>
      for (int64_t j = 1; j < t; ++j) b.tgt_in[size_t(i * t + j)] = out[size_t(i)][size_t(j - 1)];
    }
    b.tgt_out = b.tgt_in;
    // The sources do not change: encode once, then only the decoder runs on the growing prefix.
    Tensor logits;
    if (t == 1) {
      logits = forward(b, a);
    } else {
      batch_ = b;
      masks_ = make_masks(b);
      logits = decode(b, a);
    }
    if (on_logits) on_logits(t, logits);
    const int64_t V = space.vocab;
    bool all = true;
    for (int64_t i = 0; i < b.B; ++i) {
      const float* row = logits.data() + (i * t + t - 1) * V;
      const int32_t best = int32_t(std::max_element(row, row + V) - row);
      if (done[size_t(i)]) {
        out[size_t(i)].push_back(0);
        continue;
      }
      out[size_t(i)].push_back(best);
      if (best == 2) done[size_t(i)] = true;
      all = all && done[size_t(i)];
    }
    if (all) break;
  }
  return out;
}

void NlpSupernet::collect_params(const std::string& p, ParamList& out) {
  out.emplace_back(p + "embed", &embed);
  out.emplace_back(p + "out_bias", &out_bias);
  for (size_t i = 0; i < enc.size(); ++i) enc[i]->collect_params(p + fmt::format("enc{}.", i), out);
  for (size_t i = 0; i < dec.size(); ++i) dec[i]->collect_params(p + fmt::format("dec{}.", i), out);
}

}  // namespace shiftadd::nn
