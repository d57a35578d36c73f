#pragma once
// Integer inference of a CV attention block (models/supernet/attn_block.*) on the mult PE array: every
// matmul of the block is an integer GEMM. The patch-merge conv, the Q/K/V/out projections and FC1/FC2 are
// QuantizedLayers (8-bit affine activations x 8-bit symmetric per-channel weights); per head, Q K^T and
// P V are quantized_matmul jobs (both operands 8-bit affine, one QParams per tensor). LayerNorm, softmax,
// GELU, BN and the residual adds stay float: they run on the accelerator's vector unit.
#include <vector>

#include "models/quant/quantized_layer.h"
#include "models/supernet/attn_block.h"

namespace shiftadd::nn::quant {

enum class QuantPass { kFloat, kCalibrate, kQuant };

// The attention core on the mult array: per (sample, head) Q K^T and P V as quantized_matmul, the
// 1/sqrt(d) scale, masks and softmax in float between them (masked_softmax_block). q [B, Tq, D],
// k and v [B, Tk, D]; aq, ak, ap, av: the formats of Q, K, the probabilities and V.
Tensor int_sdpa(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask,
                const QParams& aq, const QParams& ak, const QParams& ap, const QParams& av, const QuantOptions& opt);

class QuantizedAttnBlock {
 public:
  QuantizedAttnBlock(AttnBlock& block, const QuantOptions& opt) : block_(&block), opt_(opt), obs_(kSites) {}
  // kFloat: the block's own forward. kCalibrate: the same float ops one at a time, recording the range of
  // every integer GEMM operand (same result bit for bit). kQuant: the integer path (after finalize()).
  Tensor forward(const Tensor& x, QuantPass pass);
  void finalize();
  // Integer GEMM sites of one forward: weight layers plus the two activation matmuls.
  int64_t integer_ops() const;

 private:
  // Observed tensors: the inputs of the weight layers and both operands of Q K^T and P V.
  enum Site { kMergeIn, kLn1Out, kCtx, kLn2Out, kGeluOut, kQ, kK, kProbs, kV, kSites };
  enum Weights { kMerge, kQProj, kKProj, kVProj, kOutProj, kFc1, kFc2, kLayers };
  Tensor weight_layer(Weights id, Site in, const Tensor& x, QuantPass pass);
  Tensor attention(const Tensor& t, QuantPass pass);
  nn::Layer* float_layer(Weights id) const;

  AttnBlock* block_;
  QuantOptions opt_;
  std::vector<MinMaxObserver> obs_;
  std::vector<QuantizedLayer> layers_;  // indexed by Weights (kMerge unused without a merge); empty before finalize()
  std::vector<QParams> act_;            // indexed by Site
};

}  // namespace shiftadd::nn::quant
