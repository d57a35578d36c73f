#pragma once
// Convolution geometry and the im2col / col2im transforms that turn conv2d into GEMMs.
#include <cstdint>

#include "models/tensor.h"

namespace shiftadd::nn {

struct Conv2dSpec {
  int64_t kernel_h = 3, kernel_w = 3;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_h = 0, pad_w = 0;
  int64_t groups = 1;  // groups == in_channels (== out_channels) is depthwise

  static Conv2dSpec square(int64_t k, int64_t stride = 1, int64_t pad = 0, int64_t groups = 1) {
    return Conv2dSpec{k, k, stride, stride, pad, pad, groups};
  }
};

// Validated sizes of one convolution: x [N, C, H, W], weight [O, C/groups, kh, kw] -> y [N, O, Ho, Wo].
struct ConvGeom {
  int64_t N, C, H, W, O, Ho, Wo;
  int64_t groups, Cg, Og;  // channels per group in and out
  int64_t K;               // Cg * kh * kw: rows of a group's column matrix
  int64_t P;               // Ho * Wo
};
// Throws InputError on inconsistent shapes or spec.
ConvGeom conv_geom(const Shape& x, const Shape& w, const Conv2dSpec& s);

// cols [Cg*kh*kw, Ho*Wo] (row-major) from channels [c0, c0 + Cg) of one image img [C, H, W];
// positions in the padding read as 0. ldc: distance between rows of cols (>= Ho*Wo; 0 means Ho*Wo), so
// several images can sit side by side in one column matrix.
void im2col(const float* img, const ConvGeom& g, const Conv2dSpec& s, int64_t c0, float* cols, int64_t ldc = 0);
// Adds cols back into the image gradient (the adjoint of im2col).
void col2im(const float* cols, const ConvGeom& g, const Conv2dSpec& s, int64_t c0, float* img_grad);

}  // namespace shiftadd::nn
