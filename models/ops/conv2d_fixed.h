#pragma once
// Inference conv2d on gemm_fixed (models/ops/gemm_fixed.h): the same bits on every instruction set, with the
// BatchNorm, ReLU and residual that follow a supernet conv applied to each image while its output is in cache.
// Used when a module is in inference mode with Kernels::kFixed (models/module.h). The taps are read as
// shifted views of one zero-bordered copy of the input (split into phases when strided), not im2col's copies.
#include "models/ops/batchnorm.h"
#include "models/ops/im2col.h"

namespace shiftadd::nn {

// What runs after the GEMM, per output element of channel o, in this order (each step optional):
//   v += bias[o];  v = (v - mean[o]) * inv_std[o];  v = v * gamma[o] + beta[o];  v = v > 0 ? v : 0;  v += residual
// The same operations, in the same order, as conv2d_forward, BatchNorm::forward, act_forward(kReLU) and +=.
struct ConvEpilogue {
  const float* bias = nullptr;                                                   // [O]
  const float* mean = nullptr, *inv_std = nullptr, *gamma = nullptr, *beta = nullptr;  // [O]; all or none
  bool relu = false;
  const Tensor* residual = nullptr;  // [N, O, Ho, Wo]
};

// The epilogue of a supernet conv: eval-mode BatchNorm `a` (which must outlive it), ReLU, and optionally a
// bias before and a residual after.
ConvEpilogue bn_relu_epilogue(const BatchNorm::Affine& a, const float* bias = nullptr,
                              const Tensor* residual = nullptr);

// y [N, O, Ho, Wo] = epilogue(conv(x [N, C, H, W], w [O, C/groups, kh, kw])). Images are split across threads
// unless `parallel` is false (a caller that already runs batches of images in parallel). Each output is its
// own chain of operations, so neither the split nor the batch changes a bit.
Tensor conv2d_forward_fixed(const Tensor& x, const Tensor& w, const Conv2dSpec& s, const ConvEpilogue& ep = {},
                            bool parallel = true);

}  // namespace shiftadd::nn
