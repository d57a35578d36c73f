#pragma once
// Fixed-point conv/linear layers as the PE arrays run them: the float reference for the simulator.
// A layer is lowered to one integer GEMM job per group (im2col of activation codes: M = N*Ho*Wo output
// positions, K = C/groups*kh*kw taps, N = out channels per group), the array computes the accumulators
// (int_gemm), and a float output stage outside the array rescales them and adds the bias:
//   y[m][o] = out_scale[o] * (acc[m][o] - corr[o]) + bias[o],  corr[o] = sum_k p(zero_point_a, B[k][o])
// which removes the activation zero point (padding is coded as the zero point, i.e. real 0).
//   mult : activations affine a_bits; weights symmetric per output channel w_bits;
//          out_scale = s_a * s_w[o].
//   shift: weights must already be signed powers of two 2^-e, e in [0, 15] (DeepShift-PS/Q outputs),
//          coded {sign, e}; out_scale = s_a * 2^-F.
//   add  : activations and weights share one affine QParams (so |a - w| = s * |q_a - q_w|), corr = 0,
//          out_scale = s; weights beyond its range are clamped to the edge and the exact remainder
//          -sum |w - w_edge| joins the bias (so the format may cover the activations only).
#include <functional>
#include <vector>

#include "models/ops/im2col.h"
#include "models/quant/int_gemm_parallel.h"
#include "models/quant/qparams.h"

namespace shiftadd::nn::quant {

// Where the integer GEMMs run: empty = the reference int_gemm on the TBB row loop; the search's
// hardware-in-the-loop check passes the SystemC array models. Must return int_gemm's accumulators.
using GemmRunner = std::function<std::vector<int64_t>(PeKind, const AccSpec&, const IntGemmJob&)>;

struct QuantOptions {
  int w_bits = 8;         // mult and add weights
  bool attention = true;  // lower the attention blocks' matmuls too (false: those blocks run in float)
  AccSpec acc;
  GemmRunner runner;
};
std::vector<int64_t> run_int_gemm(const GemmRunner& runner, PeKind pe, const AccSpec& acc, const IntGemmJob& job);

// Shared QParams of an add layer covering both ranges (no weight is clamped). QuantizedSubnet uses the
// activation range alone instead: finer steps, and the clamped weights' remainder is exact.
QParams add_shared_qparams(float act_lo, float act_hi, const Tensor& weight, int bits = 8);

class QuantizedLayer {
 public:
  // weight [O, C/groups, kh, kw]; act: quantization of the layer input (for add, add_shared_qparams).
  static QuantizedLayer conv(PeKind pe, const Tensor& weight, const Tensor* bias, const Conv2dSpec& spec,
                             const QParams& act, const QuantOptions& opt = {});
  // weight [out, in]; the input is [..., in].
  static QuantizedLayer linear(PeKind pe, const Tensor& weight, const Tensor* bias, const QParams& act,
                               const QuantOptions& opt = {});

  // The array jobs for input x: one per group (linear: one).
  std::vector<IntGemmJob> lower(const Tensor& x) const;
  // Output stage from the accumulators of lower(x) (as returned by int_gemm or by the simulator).
  Tensor finish(const Shape& x_shape, const std::vector<std::vector<int64_t>>& accs) const;
  // lower + int_gemm + finish.
  Tensor forward(const Tensor& x) const;
  // Weights as the array sees them, dequantized to float (for comparing with the float layer).
  Tensor dequantized_weight() const;

  PeKind pe = PeKind::kMult;
  bool is_conv = false;
  Conv2dSpec spec;
  Shape w_shape;
  QParams act;
  QuantOptions opt;
  std::vector<int64_t> codes;     // per weight element, weight layout
  std::vector<double> out_scale;  // per output channel
  std::vector<int64_t> corr;      // per output channel
  std::vector<float> bias;        // per output channel (zeros when none)
};

// a [M, K] times b [K, N] (both activations, e.g. attention Q K^T and P V) on a mult array, with zero
// points on both sides: y = s_a s_b (acc - z_b rowsum(q_a) - z_a colsum(q_b) + K z_a z_b). job receives
// the array operands when non-null.
Tensor quantized_matmul(const Tensor& a, const QParams& qa, const Tensor& b, const QParams& qb, const AccSpec& acc,
                        IntGemmJob* job = nullptr, const GemmRunner& runner = {});

}  // namespace shiftadd::nn::quant
