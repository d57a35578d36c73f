#pragma once
// Heterogeneous weight sharing (ShiftAddNAS, ../shared/reference/shiftaddnas.md): in one layer the conv,
// add and shift choices share one weight tensor W. Conv uses W; add uses T(W), where T is a learnable
// piecewise per-bin scale (100 equal bins over [min W, max W]); shift takes sign and power of two from
// T(W) (DeepShift-Q rounding with a straight-through estimator). KL terms pull the conv weights toward
// N(0, 1) and the add weights T(W) toward Laplace(0, lambda); both terms reach the loss (the reference
// wires only the add term).
#include <string>
#include <vector>

#include "core/rng.h"
#include "models/module.h"
#include "models/ops/batchnorm.h"
#include "models/ops/im2col.h"
#include "workload/space/space.h"

namespace shiftadd::nn {

// Ablation modes: separate tensors per op; one tensor used as-is by all ops; one tensor plus T.
enum class ShareMode { kIndependent, kNaive, kHeterogeneous };
ShareMode parse_share_mode(const std::string& s);  // "independent" | "naive" | "heterogeneous"
const char* to_string(ShareMode m);

// T(w) = a[bin(w)] * w with `bins` equal bins over [min w, max w] of the current w.
class TransformKernel {
 public:
  explicit TransformKernel(int bins = 100);
  Tensor apply(const Tensor& w);                          // caches the bin of every element
  void backward(const Tensor& w, const Tensor& dt, Tensor& dw);  // dw += a[bin] dt; da[bin] += w dt
  Param scale;  // [bins], initialised to 1 (T starts as the identity)

 private:
  std::vector<int32_t> bin_;
};

// F.kl_div(log_softmax(w), softmax(sample), 'mean') with the softmax over each output filter (rows of
// w viewed as [O, rest]). Returns the value and accumulates coef * dKL/dw into dw.
double kl_to_sample(const Tensor& w, const Tensor& sample, float coef, Tensor& dw);
Tensor laplace_sample(const Shape& s, Rng& rng, float scale);

// Gain of the add op's weight: 1 / std of the kaiming-uniform init of W (and of W_add in independent mode),
// so gain * T(W) starts at unit scale like AdderNet's N(0, 1) weights. Without it the add weights are ~20x
// smaller than the O(1) post-ReLU inputs, where -sum|x - w| = -sum x + const for every output channel:
// all channels carry the same feature after BN and a pure-add network stays at chance. Parametrising
// W_add = gain * w (instead of N(0, 1) directly) also scales AdamW's per-element step (~lr) by the gain;
// with N(0, 1) weights an lr of 2e-3 moves them ~15x too slowly (AdderNet needs its adaptive lr for this).
float add_weight_gain(int64_t fan_in);

inline constexpr float kKlLaplaceScale = 2.f;  // lambda of the reference's Laplace(0, 2)

// One (stage, layer) slot of a CV supernet: a 3x3 conv/add/shift op with its own BatchNorm per choice,
// followed by ReLU. The op's weight comes from the shared tensor according to ShareMode.
class SharedOpLayer : public Module {
 public:
  SharedOpLayer(int64_t in_ch, int64_t out_ch, int64_t stride, ShareMode mode, Rng& rng);
  // op in {conv, add, shift}; adds *residual (the block's shortcut) after the ReLU when given. With fixed
  // kernels in inference, conv and shift run BatchNorm, ReLU and the shortcut inside the conv.
  Tensor forward(const Tensor& x, BlockType op, const Tensor* residual = nullptr);
  Tensor backward(const Tensor& dy);               // for the op of the last forward
  // KL terms of the op's weights (conv: W toward N(0,1); add: T(W) toward Laplace); accumulates grads.
  double kl_loss(BlockType op, Rng& rng, float coef);
  // Effective weight the op uses now (add: T(W), shift: signed power of two).
  Tensor effective_weight(BlockType op);
  void collect_params(const std::string& prefix, ParamList& out) override;
  void collect_buffers(const std::string& prefix, BufferList& out) override;
  void set_training(bool t) override;
  void set_inference(bool on, Kernels k = Kernels::kEigen) override;
  BatchNorm& bn(BlockType op);
  // Parameters a subnet using `op` needs (for export and subnet parameter counts).
  void op_params(BlockType op, const std::string& prefix, ParamList& out);

  ShareMode mode;
  Conv2dSpec spec;
  Param w;                 // shared W (the conv weight in independent mode)
  Param w_add, w_shift;    // independent mode only
  TransformKernel T;       // heterogeneous mode only
  float add_gain = 1.f;    // add op weight = add_gain * T(W) (naive: add_gain * W; independent: add_gain * W_add)
  BatchNorm bn_conv, bn_add, bn_shift;

 private:
  Param& source(BlockType op);  // tensor the op's weight is derived from
  Tensor forward_fused(const Tensor& x, BlockType op, const Tensor* residual);
  Tensor x_, w_eff_, src_t_, pre_act_;
  BlockType op_ = BlockType::kConv;
};

}  // namespace shiftadd::nn
