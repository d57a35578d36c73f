#include "models/supernet/cv_supernet.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/ops/conv2d_fixed.h"

namespace shiftadd::nn {
namespace {

bool allows(const CvStageSpec& st, BlockType b) {
  for (BlockType x : st.blocks)
    if (x == b) return true;
  return false;
}

int max_depth(const CvStageSpec& st) {
  int d = 0;
  for (int x : st.depth) d = std::max(d, x);
  return d;
}

std::string slot_name(size_t s, size_t l) { return fmt::format("s{}.l{}.", s, l); }

}  // namespace

CvSupernet::CvSupernet(const CvSpace& sp, ShareMode m, uint64_t seed)
    : mode(m), space_(sp),
      stem_([&] { Rng r(seed); return Conv2d(sp.in_channels, sp.stem_channels,
                                             Conv2dSpec::square(sp.stem_kernel, sp.stem_stride, sp.stem_kernel / 2),
                                             false, r); }()),
      stem_bn_(sp.stem_channels),
      head_([&] { Rng r(seed ^ 0x5eedULL); return Linear(sp.stages.back().channels, sp.num_classes, true, r); }()) {
  Rng rng(seed + 1);
  int64_t ch = sp.stem_channels, res = sp.in_height / sp.stem_stride;
  for (const CvStageSpec& st : sp.stages) {
    if (st.resolution <= 0 || res % st.resolution != 0)
      throw InputError(fmt::format("cv supernet: stage resolution {} does not divide {}", st.resolution, res));
    std::vector<CvSlot> layers;
    for (int l = 0; l < max_depth(st); ++l) {
      const int64_t in = l == 0 ? ch : st.channels, stride = l == 0 ? res / st.resolution : 1;
      CvSlot slot;
      slot.op = std::make_unique<SharedOpLayer>(in, st.channels, stride, mode, rng);
      slot.residual = stride == 1 && in == st.channels;
      if (allows(st, BlockType::kAttn))
        slot.attn = std::make_unique<AttnBlock>(in, st.channels, stride,
                                                std::max<int64_t>(1, st.channels / sp.attn_head_dim), sp.expansion,
                                                rng);
      layers.push_back(std::move(slot));
    }
    slots_.push_back(std::move(layers));
    ch = st.channels;
    res = st.resolution;
  }
}

Tensor CvSupernet::forward(const Tensor& x, const Arch& arch) {
  if (arch.stages.size() != slots_.size()) throw InputError("cv supernet: arch has the wrong number of stages");
  path_ = arch;
  for (size_t s = 0; s < slots_.size(); ++s)
    if (arch.stages[s].size() > slots_[s].size()) throw InputError("cv supernet: stage deeper than the space");
  if (fixed_batches_apply(arch)) return forward_head(forward_fixed_batches(x, arch));
  Tensor h = forward_stem(x);
  for (size_t s = 0; s < slots_.size(); ++s) {
    for (size_t l = 0; l < arch.stages[s].size(); ++l) h = forward_block(s, l, arch.stages[s][l], h);
  }
  return forward_head(h);
}

Tensor CvSupernet::forward_stem(const Tensor& x) {
  if (inference_ && fixed_kernels() && !stem_bn_.training()) {  // conv, BN and ReLU in one pass
    const BatchNorm::Affine a = stem_bn_.eval_affine();
    const float* bias = stem_.bias.value.empty() ? nullptr : stem_.bias.value.data();
    return conv2d_forward_fixed(x, stem_.weight.value, stem_.spec, bn_relu_epilogue(a, bias));
  }
  if (inference_) return act_forward(ActKind::kReLU, stem_bn_.forward(stem_.forward(x)));
  stem_pre_ = stem_bn_.forward(stem_.forward(x));
  return act_forward(ActKind::kReLU, stem_pre_);
}

Tensor CvSupernet::forward_block(size_t s, size_t l, BlockType b, const Tensor& h) {
  CvSlot& slot = slots_.at(s).at(l);
  if (b == BlockType::kAttn) {
    if (!slot.attn) throw InputError(fmt::format("cv supernet: stage {} has no attn choice", s));
    return slot.attn->forward(h);
  }
  return slot.op->forward(h, b, slot.residual ? &h : nullptr);
}

Tensor CvSupernet::forward_head(const Tensor& h) { return head_.forward(pool_.forward(h)); }

std::vector<BatchNorm*> CvSupernet::block_batchnorms(size_t s, size_t l, BlockType b) {
  CvSlot& slot = slots_.at(s).at(l);
  if (b != BlockType::kAttn) return {&slot.op->bn(b)};
  if (slot.attn && slot.attn->merge_bn()) return {slot.attn->merge_bn()};
  return {};
}

void CvSupernet::backward(const Tensor& dlogits) {
  Tensor dh = pool_.backward(head_.backward(dlogits));
  for (size_t s = slots_.size(); s-- > 0;)
    for (size_t l = path_.stages[s].size(); l-- > 0;) {
      CvSlot& slot = slots_[s][l];
      const BlockType b = path_.stages[s][l];
      if (b == BlockType::kAttn)
        dh = slot.attn->backward(dh);
      else if (slot.residual)
        dh += slot.op->backward(dh);
      else
        dh = slot.op->backward(dh);
    }
  stem_.backward(stem_bn_.backward(act_backward(ActKind::kReLU, stem_pre_, dh)));
}

double CvSupernet::kl_loss(const Arch& arch, Rng& rng, float coef) {
  double kl = 0;
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l)
      if (arch.stages[s][l] != BlockType::kAttn) kl += slots_[s][l].op->kl_loss(arch.stages[s][l], rng, coef);
  return kl;
}

std::vector<BatchNorm*> CvSupernet::batchnorms(const Arch& arch) {
  std::vector<BatchNorm*> out{&stem_bn_};
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l)
      for (BatchNorm* bn : block_batchnorms(s, l, arch.stages[s][l])) out.push_back(bn);
  return out;
}

ParamList CvSupernet::arch_params(const Arch& arch) {
  ParamList out;
  stem_.collect_params("stem.", out);
  stem_bn_.collect_params("stem_bn.", out);
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l) {
      const BlockType b = arch.stages[s][l];
      if (b == BlockType::kAttn)
        slots_[s][l].attn->collect_params(slot_name(s, l) + "attn.", out);
      else
        slots_[s][l].op->op_params(b, slot_name(s, l), out);
    }
  head_.collect_params("head.", out);
  return out;
}

BufferList CvSupernet::arch_buffers(const Arch& arch) {
  BufferList out;
  stem_bn_.collect_buffers("stem_bn.", out);
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l) {
      const BlockType b = arch.stages[s][l];
      if (b == BlockType::kAttn)
        slots_[s][l].attn->collect_buffers(slot_name(s, l) + "attn.", out);
      else
        slots_[s][l].op->bn(b).collect_buffers(slot_name(s, l) + "bn_" + to_string(b) + ".", out);
    }
  return out;
}

std::vector<std::pair<std::string, Tensor>> CvSupernet::effective_weights(const Arch& arch) {
  std::vector<std::pair<std::string, Tensor>> out;
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l)
      if (arch.stages[s][l] != BlockType::kAttn)
        out.emplace_back(slot_name(s, l) + "weight", slots_[s][l].op->effective_weight(arch.stages[s][l]));
  return out;
}

void CvSupernet::collect_params(const std::string& prefix, ParamList& out) {
  stem_.collect_params(prefix + "stem.", out);
  stem_bn_.collect_params(prefix + "stem_bn.", out);
  for (size_t s = 0; s < slots_.size(); ++s)
    for (size_t l = 0; l < slots_[s].size(); ++l) {
      slots_[s][l].op->collect_params(prefix + slot_name(s, l), out);
      if (slots_[s][l].attn) slots_[s][l].attn->collect_params(prefix + slot_name(s, l) + "attn.", out);
    }
  head_.collect_params(prefix + "head.", out);
}

void CvSupernet::collect_buffers(const std::string& prefix, BufferList& out) {
  stem_bn_.collect_buffers(prefix + "stem_bn.", out);
  for (size_t s = 0; s < slots_.size(); ++s)
    for (size_t l = 0; l < slots_[s].size(); ++l) {
      slots_[s][l].op->collect_buffers(prefix + slot_name(s, l), out);
      if (slots_[s][l].attn) slots_[s][l].attn->collect_buffers(prefix + slot_name(s, l) + "attn.", out);
    }
}

void CvSupernet::for_each_child(const std::function<void(Module&)>& f) {
  f(stem_);
  f(stem_bn_);
  f(head_);
  for (auto& stage : slots_)
    for (auto& slot : stage) {
      f(*slot.op);
      if (slot.attn) f(*slot.attn);
    }
}

void CvSupernet::set_training(bool t) {
  Module::set_training(t);
  for_each_child([t](Module& m) { m.set_training(t); });
}

void CvSupernet::set_inference(bool on, Kernels k) {
  Module::set_inference(on, k);
  for_each_child([on, k](Module& m) { m.set_inference(on, k); });
}

}  // namespace shiftadd::nn
