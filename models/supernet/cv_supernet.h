#pragma once
// CV hybrid supernet for a CvSpace (configs/space/fmnist.yaml): conv stem (3x3 + BN + ReLU), stages of
// layers whose block type is conv/shift/add (one 3x3 SharedOpLayer per (stage, layer), residual when the
// shape is kept) or attn (AttnBlock, only where the space allows it), elastic depth (a subnet runs the
// first d layers of a stage), global average pool and a linear classifier. The first layer of a stage
// downsamples to the stage's resolution and width.
#include <functional>
#include <memory>
#include <vector>

#include "models/ops/batchnorm.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "models/ops/pooling.h"
#include "workload/space/space.h"
#include "models/supernet/attn_block.h"
#include "models/supernet/weight_share.h"

namespace shiftadd::nn {

struct CvSlot {
  std::unique_ptr<SharedOpLayer> op;   // conv/add/shift choices
  std::unique_ptr<AttnBlock> attn;     // when the stage allows attn
  bool residual = false;               // conv/add/shift output is added to the input
};

class CvSupernet : public Module {
 public:
  CvSupernet(const CvSpace& space, ShareMode mode, uint64_t seed);
  // logits [N, classes] of subnet `arch` (checked against the space by the caller).
  Tensor forward(const Tensor& x, const Arch& arch);
  void backward(const Tensor& dlogits);  // along the path of the last forward
  // forward in pieces, for callers that cache shared prefixes (the search's accuracy estimator):
  // forward(x, arch) == forward_head(forward_block(..., forward_stem(x))). No backward after these.
  Tensor forward_stem(const Tensor& x);
  Tensor forward_block(size_t stage, size_t layer, BlockType b, const Tensor& h);
  Tensor forward_head(const Tensor& h);
  std::vector<BatchNorm*> block_batchnorms(size_t stage, size_t layer, BlockType b);  // stem: stem_bn()
  // Sum of the KL terms of the path's conv/add weights (times coef); accumulates their gradients.
  double kl_loss(const Arch& arch, Rng& rng, float coef);
  // BatchNorms on the path (for recalibration).
  std::vector<BatchNorm*> batchnorms(const Arch& arch);
  // Parameters and buffers a standalone subnet needs (export, parameter counts).
  ParamList arch_params(const Arch& arch);
  BufferList arch_buffers(const Arch& arch);
  // Effective op weights of the path ("s<i>.l<j>.weight": W, T(W) or the power-of-two shift weight).
  std::vector<std::pair<std::string, Tensor>> effective_weights(const Arch& arch);

  void collect_params(const std::string& prefix, ParamList& out) override;
  void collect_buffers(const std::string& prefix, BufferList& out) override;
  void set_training(bool t) override;
  void set_inference(bool on, Kernels k = Kernels::kEigen) override;
  // Whether forward runs `arch` in batches of images through the whole network (fixed kernels, inference,
  // conv and shift blocks only; cv_fixed_batches.cpp).
  bool fixed_batches_apply(const Arch& arch);

  const CvSpace& space() const { return space_; }
  // Layers, for re-running a path with other kernels (models/quant/quant_subnet.*).
  Conv2d& stem() { return stem_; }
  BatchNorm& stem_bn() { return stem_bn_; }
  CvSlot& slot(size_t stage, size_t layer) { return slots_.at(stage).at(layer); }
  Linear& head() { return head_; }
  ShareMode mode;

 private:
  CvSpace space_;
  Conv2d stem_;
  BatchNorm stem_bn_;
  Tensor stem_pre_;
  std::vector<std::vector<CvSlot>> slots_;
  GlobalAvgPool pool_;
  Linear head_;
  Arch path_;
  void for_each_child(const std::function<void(Module&)>& f);  // stem, stem BN, head, every slot's modules
  // Fixed-kernel inference of a conv/shift path, batches of images through the whole network
  // (cv_fixed_batches.cpp): the last stage's output, for forward_head.
  Tensor forward_fixed_batches(const Tensor& x, const Arch& arch);
};

}  // namespace shiftadd::nn
