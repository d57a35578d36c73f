#pragma once
// Lightweight convolution (Wu et al. 2019, the reference NLP branch): a depthwise 1D convolution over time
// on [B, T, C] whose kernel is shared by the C/H channels of each head: w [H, k], channel c uses head
// c / (C/H). Zero padding of pad_left steps before (k/2: centred, encoder; k-1: causal, decoder) and
// k-1-pad_left after. The reference softmax-normalises w per head: pass softmax_forward(raw) as w and
// chain softmax_backward. kAdd is the AdderNet form y = -sum_j |x - w_j| with AdderNet's gradients.
#include "core/pe_kind.h"
#include "models/tensor.h"

namespace shiftadd::nn {

// kind: kMult (conv) or kAdd (L1); InputError otherwise.
Tensor lightweight_conv_forward(const Tensor& x, const Tensor& w, int64_t pad_left, PeKind kind = PeKind::kMult);
// Returns dx; accumulates into *dw when non-null.
Tensor lightweight_conv_backward(const Tensor& x, const Tensor& w, const Tensor& dy, int64_t pad_left, Tensor* dw,
                                 PeKind kind = PeKind::kMult);

}  // namespace shiftadd::nn
