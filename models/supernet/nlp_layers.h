#pragma once
// Elastic building blocks of the NLP encoder-decoder supernet (HAT-style weight sharing): every weight
// is allocated at the space's largest dims and a subnet uses its leading slice, so all subnets of
// the space share one set of tensors. Each forward caches what the matching backward needs (one
// backward per forward); backward accumulates into the full-size gradients.
#include <vector>

#include "models/module.h"
#include "models/ops/attention.h"
#include "models/supernet/nlp_gemm_hook.h"
#include "workload/space/space.h"
#include "models/supernet/weight_share.h"

namespace shiftadd::nn {

// Leading block w[r0 : r0+rows, 0 : cols] of a 2-D tensor (copied), and its scatter-add inverse.
Tensor slice2d(const Tensor& w, int64_t rows, int64_t cols, int64_t r0 = 0);
void add_slice2d(Tensor& full, const Tensor& part, int64_t r0 = 0);
// Channels [c0, c0+n) of x [..., C], and the inverse that writes them into dst [..., C'].
Tensor slice_cols(const Tensor& x, int64_t c0, int64_t n);
void put_cols(Tensor& dst, const Tensor& src, int64_t c0);
// x * keep (keep: 1 for real tokens, 0 for padding), keep [B*T] broadcast over the last dim.
Tensor mask_rows(const Tensor& x, const std::vector<float>& keep);

// y = x W[:out, :in]^T + b[:out], in = x.dim(-1).
class ElasticLinear : public Module {
 public:
  ElasticLinear(int64_t in_max, int64_t out_max, Rng& rng, bool bias = true);
  Tensor forward(const Tensor& x, int64_t out);
  Tensor backward(const Tensor& dy);
  void collect_params(const std::string& prefix, ParamList& out) override;
  Param weight, bias;
  NlpGemmHook* hook = nullptr;  // non-null: the GEMM runs there (no backward)

 private:
  Tensor x_, w_, b_;
};

// LayerNorm over the leading dim = x.dim(-1) channels of gamma/beta [max].
class ElasticLayerNorm : public Module {
 public:
  explicit ElasticLayerNorm(int64_t max_dim);
  Tensor forward(const Tensor& x);
  Tensor backward(const Tensor& dy);
  void collect_params(const std::string& prefix, ParamList& out) override;
  Param gamma, beta;

 private:
  Tensor xhat_;
  std::vector<float> inv_std_;
};

// Multi-head attention with elastic dims: query [B, Tq, d] -> [B, Tq, d]; key/value [B, Tk, dkv].
class ElasticAttention : public Module {
 public:
  ElasticAttention(int64_t d_max, int64_t kv_max, Rng& rng);
  Tensor forward(const Tensor& query, const Tensor& kv, int64_t heads, const AttnMask& mask);
  struct Grads {
    Tensor dquery, dkv;
  };
  Grads backward(const Tensor& dy);
  void collect_params(const std::string& prefix, ParamList& out) override;
  ElasticLinear q, k, v, o;
  void set_hook(NlpGemmHook* h);

 private:
  NlpGemmHook* hook_ = nullptr;
  Tensor q_, k_, v_, probs_;
  int64_t heads_ = 1;
};

// Lightweight branch (ShiftAddNAS LightconvLayer / LightaddLayer / LightshiftaddLayer) on [B, T, C]:
// GLU(lin1) -> [shift: shift-linear] -> lightweight conv over time (conv: multiply with softmax(K);
// add / shift: L1 form with T(K)) -> lin2. Heterogeneous sharing: the kernel K [heads, k] is the one
// shared weight of conv, add and shift; the shift-linear takes its signed powers of two from T2(W2),
// W2 being lin2's weight (DeepShift-Q rounding, straight-through). Padding rows are zeroed before
// the conv so that they never leak into real tokens.
class LightBranch : public Module {
 public:
  LightBranch(int64_t c_max, int64_t heads, int64_t kernel, bool causal, Rng& rng);
  // kind: kConv / kShift / kAdd (the lightweight part of the block type).
  Tensor forward(const Tensor& x, BlockType kind, const std::vector<float>& keep);
  Tensor backward(const Tensor& dy);
  void collect_params(const std::string& prefix, ParamList& out) override;
  // Effective conv kernel of an op kind now (conv: softmax(K), add/shift: T(K)).
  Tensor conv_kernel(BlockType kind);
  Tensor shift_weight(int64_t c);  // pow2(T2(W2[:c, :c]))
  // The CV supernet's KL terms on the shared kernel (call after backward: T caches bins): conv pulls K
  // toward N(0, 1), add pulls T(K) toward Laplace(0, 2), shift has none. Accumulates into K / T grads.
  double kl_loss(BlockType kind, Rng& rng, float coef);

  int64_t heads, kernel;
  bool causal;
  ElasticLinear lin1a, lin1g, lin2;
  Param K;
  TransformKernel T, T2;
  void set_hook(NlpGemmHook* h);

 private:
  int64_t pad_left() const { return causal ? kernel - 1 : kernel / 2; }
  BlockType kind_ = BlockType::kConv;
  NlpGemmHook* hook_ = nullptr;
  Tensor a_, g_, sig_, h_, hs_, hm_, kern_, kraw_, w2s_;
  std::vector<float> keep_;
};

// Base kind of a lightweight block type: attn+conv -> conv, shift -> shift, ...
BlockType light_kind(BlockType b);

// Sinusoidal positions (fairseq layout: sin on the first d/2 channels, cos on the rest) [T, d].
Tensor sinusoid_table(int64_t T, int64_t d);

}  // namespace shiftadd::nn
