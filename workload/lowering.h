#pragma once
// Lowering of workload layers onto the hardware's two kinds of units: GEMMs for the PE arrays and
// element-wise work for the vector / special-function unit.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/layer.h"

namespace shiftadd::workload {

// `count` independent (M x K) x (K x N) products on one PE kind. A = activations (im2col rows for a
// conv), B = weights; b_is_activation marks B as produced at run time (QK^T, AV): it has no stored
// weights and must be written into the array for every inference.
struct GemmShape {
  std::string part;  // which piece of the layer: "" for single-GEMM layers, else e.g. "qkv_proj", "qk"
  int64_t m = 0, k = 0, n = 0, count = 1;
  Engine engine = PeKind::kMult;
  bool b_is_activation = false;
  int64_t macs() const { return m * k * n * count; }
};

enum class VectorKind {
  kBatchNorm, kLayerNorm, kSoftmax, kRelu, kGelu, kSilu, kSigmoid, kGlu,
  kMaxPool, kAvgPool, kAdd, kMul, kGather,
};
const char* to_string(VectorKind k);
inline constexpr int kNumVectorKinds = 13;

// Work for the vector unit. `elements` is per kind: norms, activations, softmax: elements of the
// input; GLU: output elements; pooling: output elements x window; add/mul: output elements per extra
// operand; gather (embedding lookup): output elements.
struct VectorOp {
  VectorKind kind;
  int64_t elements = 0;
};

// im2col for conv (M = Hout*Wout*batch, K = kh*kw*Cin/groups, N = Cout/groups, count = groups);
// linear: M = positions*batch; attention: fused QKV (or Q and KV for cross), QK^T and AV per
// head, output projection; lightweight: linear1, [shift-linear], per-head conv, linear2.
std::vector<GemmShape> lower_to_gemms(const Layer& layer);
// Element-wise work of a layer (also the softmax inside attention, the GLU of lightweight, ...).
std::vector<VectorOp> vector_ops(const Layer& layer);

// Counts are int64: throws ShapeError when a layer's tensors exceed 2^40 elements or a GEMM of it 2^62
// MACs (every reader of layers calls it, so no count wraps to a negative number later).
void check_magnitudes(const Layer& l);

}  // namespace shiftadd::workload
