#pragma once
// Fixed-point inference of a CV subnet with inherited weights, in the PE formats of docs/hardware.md:
// the stem conv, every conv / shift / add layer of the path and the linear head run as QuantizedLayer
// (lower -> int_gemm -> output stage), and so do the matmuls of the attention blocks (QuantizedAttnBlock;
// opt.attention = false keeps those blocks float). BatchNorm (running statistics), LayerNorm, softmax, GELU,
// ReLU, residual adds and pooling stay float.
//   activations: per-tensor affine 8-bit, min/max calibrated on a few training batches (float forward);
//   conv / head : weights symmetric 8-bit per output channel (mult PE);
//   shift       : sign + power of two 2^-e of the effective weight (shift PE, exact);
//   add         : activations and weights share one per-tensor affine 8-bit format over the activation
//                 range; weights beyond it are clamped with an exact per-channel remainder (add PE).
#include <vector>

#include "models/quant/qparams.h"
#include "models/quant/quant_attn.h"
#include "models/quant/quantized_layer.h"
#include "models/supernet/cv_supernet.h"
#include "models/supernet/cv_train.h"

namespace shiftadd::nn::quant {

class QuantizedSubnet {
 public:
  QuantizedSubnet(CvSupernet& net, const Arch& arch, const QuantOptions& opt = {});
  // Float forward in eval mode that records the input range of every quantized layer; returns the logits
  // (bit-identical to forward(x, false)).
  Tensor calibrate(const Tensor& x);
  // Builds the integer layers from the calibrated ranges (call after calibrate, before forward).
  void finalize();
  // Logits through the integer kernels (quantized) or the same float ops (not quantized).
  Tensor forward(const Tensor& x, bool quantized);
  // The integer layers in path order (stem, ops of the path, head); empty before finalize().
  const std::vector<QuantizedLayer>& layers() const { return layers_; }
  // Integer GEMM sites of one forward: layers() plus those of the lowered attention blocks.
  int64_t integer_ops() const;

 private:
  Tensor run(const Tensor& x, QuantPass pass);
  // Layer `id` of defs_: the float op, the float op after observing its input, or the integer layer.
  Tensor layer(size_t id, const Tensor& x, QuantPass pass);

  CvSupernet& net_;
  Arch arch_;
  QuantOptions opt_;
  std::vector<MinMaxObserver> obs_;
  std::vector<QuantizedLayer> layers_;
  std::vector<QuantizedAttnBlock> attn_;  // the path's attention blocks in order (when opt.attention)
  // Every quantized layer of the path in execution order (weights as the float ops apply them).
  struct LayerDef {
    PeKind pe;
    Tensor w, bias;
    bool conv;
    Conv2dSpec spec;
  };
  std::vector<LayerDef> defs_;
};

// calibrate() on the first calib_batches x opt.recalib_batch training images, then finalize():
// the calibration eval_quantized does (`shiftadd eval --quant int8`).
void calibrate_quantized(QuantizedSubnet& q, const CvEvalOptions& opt, int calib_batches);

struct QuantEvalResult {
  double float_accuracy = 0, quant_accuracy = 0;  // same test images, same (possibly recalibrated) BN stats
  int64_t count = 0, layers = 0;                  // test images, integer GEMM sites per forward
};
// Calibrates on the first calib_batches x opt.recalib_batch training images, then evaluates the float
// path and the integer path on the test set (opt.test_limit, opt.batch_size apply).
QuantEvalResult eval_quantized(CvRun& run, const Arch& arch, const CvEvalOptions& opt, int calib_batches,
                               const QuantOptions& qopt = {});

}  // namespace shiftadd::nn::quant
