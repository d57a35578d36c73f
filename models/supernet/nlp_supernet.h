#pragma once
// NLP encoder-decoder hybrid supernet (ShiftAddNAS NLP space in the HAT style), exactly the layers that
// workload/space/arch_workload_nlp.cpp describes for a subnet:
//   embeddings: one table [vocab, d_max] tied three ways (source, target, output projection; the
//     tokenizer is joint), scaled by sqrt(d), plus sinusoidal positions;
//   post-norm layers: x = LN(x + mixer(x)); decoder adds x = LN(x + cross(x, memory)); then
//     x = LN(x + fc2(relu(fc1(x))));
//   mixer: attn (MHSA, `heads`), conv/shift/add (LightBranch on all channels, `branch_heads`), or
//     attn+X (channels split by hybrid.split: MHSA with heads/2 on the first part, LightBranch on the
//     rest, concatenated); lightweight kernels come from kernel_sizes[position]; decoder mixers are
//     causal;
//   arbitrary encoder-decoder attention (HAT): decoder layer j attends to the mean of the last
//     `arbitrary_attn` encoder layer outputs, with `ende_heads` heads.
// Weight sharing across elastic dims: every tensor is allocated at the largest dims and subnets use
// leading slices (nlp_layers.h); the three lightweight kinds share their kernel (heterogeneous).
#include <functional>
#include <memory>
#include <vector>

#include "models/supernet/nlp_layers.h"

namespace shiftadd::nn {

// A padded batch: pads are id 0 (SubwordTokenizer::kPad) and never count in the loss.
struct NlpBatch {
  int64_t B = 0, Ts = 0, Tt = 0;
  std::vector<int64_t> src;      // [B * Ts]: source ids + </s>
  std::vector<int64_t> tgt_in;   // [B * Tt]: <s> + target ids
  std::vector<int64_t> tgt_out;  // [B * Tt]: target ids + </s>
};

using NlpLogitsTap = std::function<void(int64_t step, const Tensor& logits)>;

struct NlpMasks {
  AttnMask enc_self, dec_self, cross;
  std::vector<float> src_keep, tgt_keep;
};

class NlpLayer : public Module {
 public:
  NlpLayer(const NlpSpace& s, bool decoder, int64_t kernel, Rng& rng);
  // x [B, T, d]; memory [B, Ts, d_enc] for decoder layers.
  Tensor forward(const Tensor& x, const NlpLayerArch& a, const NlpMasks& m, const Tensor* memory);
  Tensor backward(const Tensor& dy, Tensor* dmemory);
  void collect_params(const std::string& prefix, ParamList& out) override;
  void set_hook(NlpGemmHook* h);

  bool decoder;
  double split;
  ElasticAttention self_attn;
  std::unique_ptr<LightBranch> light;
  std::unique_ptr<ElasticAttention> cross;
  std::unique_ptr<ElasticLayerNorm> ln_cross;
  ElasticLinear fc1, fc2;
  ElasticLayerNorm ln_mix, ln_ffn;

 private:
  Tensor mix_forward(const Tensor& x, const NlpLayerArch& a, const NlpMasks& m);
  Tensor mix_backward(const Tensor& dy);
  BlockType block_ = BlockType::kAttn;
  int64_t half_ = 0;
  Tensor h1_;  // fc1 output before ReLU
};

class NlpSupernet : public Module {
 public:
  NlpSupernet(const NlpSpace& s, uint64_t seed);
  // Teacher-forced logits [B, Tt, vocab].
  Tensor forward(const NlpBatch& b, const Arch& a);
  void backward(const Tensor& dlogits);
  // Sum of the KL terms of the lightweight branches on path a (LightBranch::kl_loss), after backward.
  double kl_loss(const Arch& a, Rng& rng, float coef);
  // Greedy decoding of each source (ids without </s>), at most max_len target tokens. on_logits (when
  // set) sees each step's logits [B, t, vocab] (the hardware-in-the-loop check compares them).
  std::vector<std::vector<int32_t>> greedy(const std::vector<std::vector<int32_t>>& src, const Arch& a,
                                           int64_t max_len, const NlpLogitsTap& on_logits = {});
  void collect_params(const std::string& prefix, ParamList& out) override;
  // Routes every GEMM of forward/greedy through h (null: the float ops). Forward only: no backward
  // while a hook is set.
  void set_gemm_hook(NlpGemmHook* h);

  NlpSpace space;
  int64_t d_max = 0;
  Param embed, out_bias;
  std::vector<std::unique_ptr<NlpLayer>> enc, dec;

 private:
  Tensor embed_forward(const std::vector<int64_t>& ids, int64_t B, int64_t T, int64_t d) const;
  void embed_backward(const std::vector<int64_t>& ids, const Tensor& dx);
  Tensor memory_for(size_t j, const NlpLayerArch& l) const;
  Tensor encode(const NlpBatch& b, const Arch& a);
  Tensor decode(const NlpBatch& b, const Arch& a);
  Arch arch_;
  NlpMasks masks_;
  NlpBatch batch_;
  std::vector<Tensor> enc_out_;
  Tensor dec_out_, out_w_;
  NlpGemmHook* hook_ = nullptr;
};

NlpMasks make_masks(const NlpBatch& b);

}  // namespace shiftadd::nn
