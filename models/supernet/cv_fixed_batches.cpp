// CvSupernet's fixed-kernel inference of conv/shift subnets, a few images at a time through the whole network:
// one parallel loop over batches of images instead of one per layer, and each batch's activations stay in
// cache from layer to layer. Every output element is the same chain of operations as in the layer-by-layer
// forward (conv2d_forward_fixed's outputs do not depend on the batch), so the logits have the same bits.
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "models/ops/conv2d_fixed.h"
#include "models/parallel.h"
#include "models/supernet/cv_supernet.h"

namespace shiftadd::nn {
namespace {

// Images per task: enough columns for the GEMM's tiles at 7x7, and tasks for every core at batch 64.
constexpr int64_t kImagesPerTask = 8;

// A conv with its BatchNorm and ReLU (and residual) folded into the epilogue, as the fused forward runs it.
struct FusedConv {
  Tensor w;
  Conv2dSpec spec;
  BatchNorm::Affine bn;
  const float* bias = nullptr;
  bool residual = false;

  ConvEpilogue epilogue(const Tensor* res) const { return bn_relu_epilogue(bn, bias, residual ? res : nullptr); }
};

// The image [i0, i0 + n) of t as a tensor of its own.
Tensor images(const Tensor& t, int64_t i0, int64_t n) {
  Shape s = t.shape();
  const int64_t per = t.numel() / s[0];
  s[0] = n;
  Tensor out = Tensor::uninitialized(s);
  std::copy_n(t.data() + i0 * per, n * per, out.data());
  return out;
}

}  // namespace

bool CvSupernet::fixed_batches_apply(const Arch& arch) {
  if (!fixed_kernels() || stem_bn_.training()) return false;
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l) {
      const BlockType b = arch.stages[s][l];
      if ((b != BlockType::kConv && b != BlockType::kShift) || slots_.at(s).at(l).op->bn(b).training()) return false;
    }
  return true;
}

Tensor CvSupernet::forward_fixed_batches(const Tensor& x, const Arch& arch) {
  std::vector<FusedConv> layers;
  layers.push_back({stem_.weight.value, stem_.spec, stem_bn_.eval_affine(),
                    stem_.bias.value.empty() ? nullptr : stem_.bias.value.data(), false});
  for (size_t s = 0; s < arch.stages.size(); ++s)
    for (size_t l = 0; l < arch.stages[s].size(); ++l) {
      SharedOpLayer& op = *slots_.at(s).at(l).op;
      const BlockType b = arch.stages[s][l];
      layers.push_back({op.effective_weight(b), op.spec, op.bn(b).eval_affine(), nullptr, slots_[s][l].residual});
    }
  // Shapes are checked here, before any task starts.
  Shape shape = x.shape();
  for (const FusedConv& f : layers) {
    const ConvGeom g = conv_geom(shape, f.w.shape(), f.spec);
    const Shape next = {g.N, g.O, g.Ho, g.Wo};
    if (f.residual && next != shape)
      throw InputError(fmt::format("cv supernet: residual of shape {} added to {}", shape_str(shape), shape_str(next)));
    shape = next;
  }
  Tensor out = Tensor::uninitialized(shape);  // every image's values are copied in below
  const int64_t n = x.dim(0), per = out.numel() / std::max<int64_t>(n, 1);
  parallel_chunks(n, (n + kImagesPerTask - 1) / kImagesPerTask, [&](int64_t, int64_t i0, int64_t i1) {
    Tensor h = images(x, i0, i1 - i0);
    for (const FusedConv& f : layers) h = conv2d_forward_fixed(h, f.w, f.spec, f.epilogue(&h), false);
    std::copy_n(h.data(), h.numel(), out.data() + i0 * per);
  });
  return out;
}

}  // namespace shiftadd::nn
