#pragma once
// Integer inference of an NLP subnet (models/supernet/nlp_supernet.h) in the PE formats of
// docs/hardware.md, through the supernet's GEMM hook: every GEMM site of a forward runs as integer jobs.
//   linears (Q/K/V/out and cross-attention projections, FFN, both GLU halves, lin2, the tied output
//     projection): QuantizedLayer::linear on the mult array, 8-bit affine activations (per tensor, min/max
//     calibrated) x 8-bit symmetric weights per output channel;
//   shift-linear: QuantizedLayer::linear on the shift array (its weights are already signed powers of two);
//   attention core: per (sample, head) Q K^T and P V as quantized_matmul on the mult array, the scale,
//     masks and softmax in float between them (as the CV attention blocks);
//   lightweight conv: one job per head, rows (token, channel of the head), K = kernel taps, N = 1
//     (workload/lowering.cpp's "conv" GEMM): conv kind on the mult array (softmax(K) symmetric per
//     head), add kind on the add array (activations and T(K) share one affine format over the
//     activation range; taps beyond it are clamped with the exact remainder, QuantizedLayer); time
//     padding is coded as the zero point, i.e. real 0, as the float op treats it.
// Embeddings, positions, LayerNorm, ReLU, GLU's sigmoid and the residual adds stay float (vector unit).
// The GLU's two halves are two jobs of N = C each (the cost model prices one of 2C: same MACs).
#include <functional>
#include <vector>

#include "models/quant/quant_attn.h"
#include "models/quant/quantized_layer.h"
#include "models/supernet/nlp_train.h"

namespace shiftadd::nn::quant {

class QuantizedNlpSubnet final : public NlpGemmHook {
 public:
  QuantizedNlpSubnet(NlpSupernet& net, const Arch& arch, const QuantOptions& opt = {});
  ~QuantizedNlpSubnet() override;
  QuantizedNlpSubnet(const QuantizedNlpSubnet&) = delete;
  QuantizedNlpSubnet& operator=(const QuantizedNlpSubnet&) = delete;

  // Teacher-forced float forward recording the range of every GEMM operand (logits as the float net's).
  Tensor calibrate(const NlpBatch& b);
  // Fixes the activation formats (after calibrate; the integer layers are built at their first use).
  void finalize();
  // Teacher-forced logits through the integer path (quantized) or the float ops.
  Tensor forward(const NlpBatch& b, bool quantized);
  // Greedy decoding (NlpSupernet::greedy) through the integer path or the float ops; on_logits as there.
  std::vector<std::vector<int32_t>> greedy(const std::vector<std::vector<int32_t>>& src, int64_t max_len,
                                           bool quantized, const NlpLogitsTap& on_logits = {});
  // GEMM sites of one forward (linears, attention cores, lightweight convs); 0 before calibrate.
  int64_t integer_sites() const { return int64_t(sites_.size()); }

  void begin_forward() override { next_ = 0; }
  void begin_decoder() override;
  Tensor linear(PeKind pe, const Tensor& x, const Tensor& w, const Tensor* b) override;
  Tensor sdpa(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask) override;
  Tensor light_conv(PeKind pe, const Tensor& x, const Tensor& w, int64_t pad_left) override;

 private:
  enum class Kind { kLinear, kSdpa, kConv };
  struct Site {
    Kind kind;
    PeKind pe;
    Shape w_shape;                     // linear and conv weights
    std::vector<MinMaxObserver> obs;   // linear / conv: the input; sdpa: q, k, probs, v
    std::vector<QParams> act;          // from obs, at finalize()
    QuantizedLayer layer;              // linear / conv, built at the first quantized call
    bool built = false;
  };
  Site& site(Kind kind, PeKind pe, const Shape& w_shape, size_t observers);
  Tensor int_light_conv(Site& s, const Tensor& x, int64_t pad_left) const;

  NlpSupernet& net_;
  Arch arch_;
  QuantOptions opt_;
  QuantPass pass_ = QuantPass::kFloat;
  std::vector<Site> sites_;
  size_t next_ = 0;
  size_t first_decoder_site_ = 0;  // recorded by calibrate()
  bool finalized_ = false;
};

// calibrate() on calib_batches x batch training pairs evenly spaced over the run's training split
// (dictd_dir: empty = the run's), then finalize().
void calibrate_quantized_nlp(QuantizedNlpSubnet& q, const NlpRun& run, const std::string& dictd_dir,
                             int calib_batches, int64_t batch);

struct QuantNlpEvalResult {
  data::BleuScore float_bleu, quant_bleu;  // same test phrases, greedy decoding
  int64_t count = 0, sites = 0;           // phrase groups, GEMM sites per forward
};
// `shiftadd eval --quant int8` for NLP: calibrates, then decodes opt's split with both paths.
QuantNlpEvalResult eval_quantized_nlp(NlpRun& run, const Arch& arch, const NlpEvalOptions& opt, int calib_batches,
                                      const QuantOptions& qopt = {});

}  // namespace shiftadd::nn::quant
