#pragma once
// CV attention block for low-resolution stages: optional patch merge (conv k=stride + BN) when the
// resolution or width changes, then a pre-norm transformer layer on the HW tokens:
// t += MHSA(LN(t)); t += FC2(GELU(FC1(LN(t)))).
#include <memory>

#include "models/ops/attention.h"
#include "models/ops/batchnorm.h"
#include "models/ops/conv2d.h"
#include "models/ops/layernorm.h"
#include "models/ops/linear.h"

namespace shiftadd::nn {

Tensor nchw_to_tokens(const Tensor& x);                  // [N, C, H, W] -> [N, H*W, C]
Tensor tokens_to_nchw(const Tensor& t, int64_t h, int64_t w);  // inverse

class AttnBlock : public Module {
 public:
  AttnBlock(int64_t in_ch, int64_t out_ch, int64_t stride, int64_t heads, int64_t expansion, Rng& rng);
  Tensor forward(const Tensor& x);
  Tensor backward(const Tensor& dy);
  void collect_params(const std::string& prefix, ParamList& out) override;
  void collect_buffers(const std::string& prefix, BufferList& out) override;
  void set_training(bool t) override;
  void set_inference(bool on, Kernels k = Kernels::kEigen) override;
  BatchNorm* merge_bn() { return merge_bn_.get(); }
  // Sub-layers, for the integer lowering in models/quant/quant_attn.*.
  Conv2d* merge() { return merge_.get(); }
  LayerNorm& ln1() { return ln1_; }
  LayerNorm& ln2() { return ln2_; }
  MultiHeadAttention& mhsa() { return mhsa_; }
  Linear& fc1() { return fc1_; }
  Linear& fc2() { return fc2_; }

 private:
  std::unique_ptr<Conv2d> merge_;
  std::unique_ptr<BatchNorm> merge_bn_;
  LayerNorm ln1_, ln2_;
  MultiHeadAttention mhsa_;
  Linear fc1_, fc2_;
  Tensor h_pre_gelu_;
  int64_t h_ = 0, w_ = 0;
};

}  // namespace shiftadd::nn
