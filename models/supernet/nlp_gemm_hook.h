#pragma once
// Where the GEMMs of an NLP subnet's forward run. Null (training, float eval): the float ops of
// nlp_layers.cpp. The int8 path (models/quant/quant_nlp.h) implements it to observe ranges and to
// run each GEMM site as the PE arrays do; the sites arrive in the same order on every forward of one
// subnet (encoder sites, then decoder sites; greedy decoding runs the encoder once and then only the
// decoder), which is how it tells them apart.
#include <cstdint>

#include "core/pe_kind.h"
#include "models/ops/attention.h"
#include "models/tensor.h"

namespace shiftadd::nn {

class NlpGemmHook {
 public:
  virtual ~NlpGemmHook() = default;
  // Called where the encoder starts (every NlpSupernet::forward) and where the decoder starts.
  virtual void begin_forward() = 0;
  virtual void begin_decoder() = 0;
  // y = x w^T + b; w [out, in], b [out] or null; pe: kMult, or kShift for a shift-linear.
  virtual Tensor linear(PeKind pe, const Tensor& x, const Tensor& w, const Tensor* b) = 0;
  // sdpa_forward(q, k, v, heads, mask) (models/ops/attention.h).
  virtual Tensor sdpa(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask) = 0;
  // lightweight_conv_forward(x, w, pad_left, pe) (models/ops/lightweight_conv.h); pe: kMult or kAdd.
  virtual Tensor light_conv(PeKind pe, const Tensor& x, const Tensor& w, int64_t pad_left) = 0;
};

}  // namespace shiftadd::nn
