#pragma once
// Multi-head attention: Q/K/V/out projections around scaled dot-product attention, with an optional
// causal mask and key-padding mask; query and key/value inputs may differ (encoder-decoder attention).
#include <cstdint>
#include <memory>
#include <vector>

#include "models/module.h"
#include "models/ops/linear.h"

namespace shiftadd::nn {

struct AttnMask {
  bool causal = false;               // query i sees keys j <= i + (Tk - Tq)
  std::vector<uint8_t> key_padding;  // [B * Tk], nonzero = padded key (never attended); empty = none
};

// Core on projected inputs: q [B, Tq, Dk], k [B, Tk, Dk], v [B, Tk, Dv] -> [B, Tq, Dv], heads split the
// last dims; scale 1/sqrt(Dk/heads). Rows whose keys are all masked output 0. probs (optional out)
// receives softmax weights [B, heads, Tq, Tk].
Tensor sdpa_forward(const Tensor& q, const Tensor& k, const Tensor& v, int64_t heads, const AttnMask& mask,
                    Tensor* probs);
// The softmax step of sdpa_forward on the scaled scores of sample b, [Tq, Tk] row-major, in place: masked
// keys weigh exactly 0 and a row whose keys are all masked becomes 0 (the int8 path shares it).
void masked_softmax_block(float* scores, int64_t Tq, int64_t Tk, const AttnMask& mask, int64_t b);
// Given the forward's probs, returns dq, dk, dv (overwritten).
void sdpa_backward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& probs, int64_t heads,
                   const Tensor& dout, Tensor& dq, Tensor& dk, Tensor& dv);

class MultiHeadAttention : public Module {
 public:
  MultiHeadAttention(int64_t embed_dim, int64_t heads, Rng& rng, int64_t kv_dim = -1, bool bias = true);
  // query [B, Tq, E], key_value [B, Tk, kv_dim] -> [B, Tq, E].
  Tensor forward(const Tensor& query, const Tensor& key_value, const AttnMask& mask = {});
  Tensor forward_self(const Tensor& x, const AttnMask& mask = {}) { return forward(x, x, mask); }
  struct Grads {
    Tensor dquery, dkey_value;
  };
  Grads backward(const Tensor& dout);
  Tensor backward_self(const Tensor& dout);  // dquery + dkey_value, for forward_self
  void collect_params(const std::string& prefix, ParamList& out) override;
  void set_inference(bool on, Kernels k = Kernels::kEigen) override;
  const Tensor& last_probs() const { return probs_; }  // empty in inference mode

  int64_t embed_dim, heads;
  Linear q_proj, k_proj, v_proj, out_proj;

 private:
  Tensor q_, k_, v_, probs_;
};

}  // namespace shiftadd::nn
