#include "models/supernet/attn_block.h"

#include "models/ops/activation.h"

namespace shiftadd::nn {

Tensor nchw_to_tokens(const Tensor& x) {
  const int64_t N = x.dim(0), C = x.dim(1), L = x.dim(2) * x.dim(3);
  Tensor t({N, L, C});
  for (int64_t n = 0; n < N; ++n)
    t.mat(N * L, C).middleRows(n * L, L) = x.cmat(N * C, L).middleRows(n * C, C).transpose();
  return t;
}

Tensor tokens_to_nchw(const Tensor& t, int64_t h, int64_t w) {
  const int64_t N = t.dim(0), L = t.dim(1), C = t.dim(2);
  Tensor x({N, C, h, w});
  for (int64_t n = 0; n < N; ++n)
    x.mat(N * C, L).middleRows(n * C, C) = t.cmat(N * L, C).middleRows(n * L, L).transpose();
  return x;
}

AttnBlock::AttnBlock(int64_t in_ch, int64_t out_ch, int64_t stride, int64_t heads, int64_t expansion, Rng& rng)
    : ln1_(out_ch), ln2_(out_ch), mhsa_(out_ch, heads, rng), fc1_(out_ch, out_ch * expansion, true, rng),
      fc2_(out_ch * expansion, out_ch, true, rng) {
  if (stride != 1 || in_ch != out_ch) {
    merge_ = std::make_unique<Conv2d>(in_ch, out_ch, Conv2dSpec::square(stride, stride, 0), false, rng);
    merge_bn_ = std::make_unique<BatchNorm>(out_ch);
  }
}

Tensor AttnBlock::forward(const Tensor& x) {
  const Tensor merged = merge_ ? merge_bn_->forward(merge_->forward(x)) : Tensor();
  const Tensor& x0 = merge_ ? merged : x;  // no copy of x
  h_ = x0.dim(2);
  w_ = x0.dim(3);
  Tensor t = nchw_to_tokens(x0);
  t += mhsa_.forward_self(ln1_.forward(t));
  Tensor pre_gelu = fc1_.forward(ln2_.forward(t));
  if (inference_) {
    t += fc2_.forward(act_forward(ActKind::kGELU, std::move(pre_gelu)));
  } else {
    h_pre_gelu_ = std::move(pre_gelu);
    t += fc2_.forward(act_forward(ActKind::kGELU, h_pre_gelu_));
  }
  return tokens_to_nchw(t, h_, w_);
}

Tensor AttnBlock::backward(const Tensor& dy) {
  Tensor dt = nchw_to_tokens(dy);
  dt += ln2_.backward(fc1_.backward(act_backward(ActKind::kGELU, h_pre_gelu_, fc2_.backward(dt))));
  dt += ln1_.backward(mhsa_.backward_self(dt));
  const Tensor dx0 = tokens_to_nchw(dt, h_, w_);
  return merge_ ? merge_->backward(merge_bn_->backward(dx0)) : dx0;
}

void AttnBlock::collect_params(const std::string& prefix, ParamList& out) {
  if (merge_) {
    merge_->collect_params(prefix + "merge.", out);
    merge_bn_->collect_params(prefix + "merge_bn.", out);
  }
  ln1_.collect_params(prefix + "ln1.", out);
  mhsa_.collect_params(prefix + "mhsa.", out);
  ln2_.collect_params(prefix + "ln2.", out);
  fc1_.collect_params(prefix + "fc1.", out);
  fc2_.collect_params(prefix + "fc2.", out);
}

void AttnBlock::collect_buffers(const std::string& prefix, BufferList& out) {
  if (merge_bn_) merge_bn_->collect_buffers(prefix + "merge_bn.", out);
}

void AttnBlock::set_training(bool t) {
  Module::set_training(t);
  if (merge_bn_) merge_bn_->set_training(t);
  for (Layer* l : std::initializer_list<Layer*>{&ln1_, &ln2_, &fc1_, &fc2_}) l->set_training(t);
  mhsa_.set_training(t);
}

void AttnBlock::set_inference(bool on, Kernels k) {
  Module::set_inference(on, k);
  if (merge_) merge_->set_inference(on, k);
  if (merge_bn_) merge_bn_->set_inference(on, k);
  for (Layer* l : std::initializer_list<Layer*>{&ln1_, &ln2_, &fc1_, &fc2_}) l->set_inference(on, k);
  mhsa_.set_inference(on, k);
}

}  // namespace shiftadd::nn
