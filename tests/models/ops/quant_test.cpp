// Quantization: affine parameters, fake quantization, the PE term semantics of docs/hardware.md, and
// fixed-point layers whose integer path must equal the float layer run on the dequantized operands.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "models/ops/adder.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "models/ops/shift.h"
#include "models/quant/int_gemm_parallel.h"
#include "models/quant/quantized_layer.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn::quant {
namespace {
using testing::rnd;

void expect_close(const Tensor& a, const Tensor& b, float tol) {
  ASSERT_EQ(a.shape(), b.shape());
  for (int64_t i = 0; i < a.numel(); ++i) ASSERT_NEAR(a[i], b[i], tol) << "element " << i;
}

TEST(Quant, AffineParamsRepresentZeroAndBoundError) {
  const QParams q = affine_qparams(-1.f, 3.f, 8);
  EXPECT_FLOAT_EQ(q.scale, 4.f / 255.f);
  EXPECT_EQ(q.zero_point, -64);  // -128 + 1 / scale = -128 + 63.75, rounded
  EXPECT_EQ(quantize_value(0.f, q), q.zero_point);
  EXPECT_EQ(quantize_value(100.f, q), 127);
  EXPECT_EQ(quantize_value(-100.f, q), -128);
  Tensor x = rnd({200}, 1, -0.99f, 2.99f);
  Tensor fq = fake_quant(x, q);
  for (int64_t i = 0; i < x.numel(); ++i) EXPECT_LE(std::fabs(fq[i] - x[i]), q.scale / 2 + 1e-6f);
  EXPECT_EQ(affine_qparams(0.5f, 2.f).zero_point, -128);  // range widened to include 0
  EXPECT_EQ(symmetric_qparams(2.54f).zero_point, 0);
  EXPECT_FLOAT_EQ(symmetric_qparams(2.54f).scale, 0.02f);
  EXPECT_THROW(affine_qparams(1.f, 0.f), InputError);
  EXPECT_THROW(affine_qparams(0.f, 1.f, 1), InputError);
}

TEST(Quant, FakeQuantStePassesOnlyInsideRange) {
  const QParams q = symmetric_qparams(1.f);
  Tensor x({3}, std::vector<float>{0.5f, 1.5f, -2.f}), dy({3}, 1.f);
  Tensor dx = fake_quant_backward(x, dy, q);
  EXPECT_EQ(dx[0], 1.f);
  EXPECT_EQ(dx[1], 0.f);
  EXPECT_EQ(dx[2], 0.f);
  MinMaxObserver obs;
  obs.observe(Tensor({2}, std::vector<float>{0.5f, 2.f}));
  obs.observe(Tensor({1}, -1.f));
  EXPECT_EQ(obs.lo, -1.f);
  EXPECT_EQ(obs.hi, 2.f);
}

TEST(IntGemm, ShiftCodesAndPeTerms) {
  EXPECT_EQ(encode_shift_code(1, 3), 0b010011);
  EXPECT_EQ(encode_shift_code(-1, 3), 0b110011);
  EXPECT_EQ(encode_shift_code(0, 7), 0);
  EXPECT_THROW(encode_shift_code(1, 16), InputError);
  int s, e;
  decode_shift_code(0b100101, s, e);  // reserved sign 10 means 0
  EXPECT_EQ(s, 0);
  EXPECT_EQ(e, 5);
  const AccSpec acc;  // F = 14
  EXPECT_EQ(pe_term(PeKind::kShift, acc, 5, encode_shift_code(1, 2)), 5 << 12);   // exact for e <= F
  EXPECT_EQ(pe_term(PeKind::kShift, acc, -3, encode_shift_code(-1, 15)), 2);     // floor(-1.5) = -2, then sign
  EXPECT_EQ(pe_term(PeKind::kAdd, acc, -7, 5), -12);
  EXPECT_EQ(pe_term(PeKind::kMult, acc, -7, 5), -35);
}

TEST(IntGemm, OverflowIsPerStepInKOrder) {
  IntGemmJob job{1, 3, 1, {10, 10, -10}, {10, 10, 10}};  // terms 100, 100, -100
  AccSpec acc;
  acc.acc_bits = 8;
  EXPECT_EQ(parallel_int_gemm(PeKind::kMult, acc, job)[0], 100);  // wrap: 200 -> -56, -156 -> 100
  acc.saturate = true;
  EXPECT_EQ(parallel_int_gemm(PeKind::kMult, acc, job)[0], 27);   // saturate: 127, then 27
  EXPECT_THROW(parallel_int_gemm(PeKind::kMult, acc, IntGemmJob{1, 2, 1, {1}, {1, 2}}), InputError);
}

TEST(QuantizedLayer, MultConvEqualsFloatConvOnDequantizedOperands) {
  const Conv2dSpec s{3, 3, 2, 2, 1, 1, 2};
  Tensor x = rnd({2, 4, 6, 6}, 2, -0.3f, 1.f), w = rnd({6, 2, 3, 3}, 3), b = rnd({6}, 4);
  const QParams act = affine_qparams(-0.3f, 1.f);
  ASSERT_NE(act.zero_point, 0);  // exercises the zero-point correction, padding included
  auto L = QuantizedLayer::conv(PeKind::kMult, w, &b, s, act);
  const Tensor y = L.forward(x);
  const Tensor ref = conv2d_forward(fake_quant(x, act), L.dequantized_weight(), &b, s);
  expect_close(y, ref, 1e-4f);
  expect_close(y, conv2d_forward(x, w, &b, s), 0.05f);  // and close to the float layer
  const auto jobs = L.lower(x);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].M, 2 * 3 * 3);
  EXPECT_EQ(jobs[0].K, 2 * 9);
  EXPECT_EQ(jobs[0].N, 3);
  for (int64_t v : jobs[1].A) EXPECT_TRUE(v >= -128 && v <= 127);
  for (int64_t v : jobs[1].B) EXPECT_TRUE(v >= -127 && v <= 127);
}

TEST(QuantizedLayer, ShiftConvEqualsFloatConvWithPowerOfTwoWeights) {
  Tensor sgn = rnd({4, 3, 3, 3}, 5), p = rnd({4, 3, 3, 3}, 6, -14.f, 0.f);
  const Tensor w = shift_ps_weight(sgn, p);
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  Tensor x = rnd({1, 3, 5, 5}, 7, -2.f, 2.f);
  const QParams act = affine_qparams(-2.f, 2.f);
  auto L = QuantizedLayer::conv(PeKind::kShift, w, nullptr, s, act);
  EXPECT_TRUE(testing::bit_equal(L.dequantized_weight(), w));
  expect_close(L.forward(x), conv2d_forward(fake_quant(x, act), w, nullptr, s), 1e-4f);
  Tensor bad = w;
  bad[0] = 0.3f;
  EXPECT_THROW(QuantizedLayer::conv(PeKind::kShift, bad, nullptr, s, act), InputError);
}

TEST(QuantizedLayer, AddConvEqualsAdderOnSharedFormat) {
  Tensor w = rnd({3, 2, 3, 3}, 8, -1.5f, 1.5f), x = rnd({2, 2, 4, 4}, 9, -1.f, 2.f);
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const QParams shared = add_shared_qparams(-1.f, 2.f, w);
  auto L = QuantizedLayer::conv(PeKind::kAdd, w, nullptr, s, shared);
  // L.bias: the exact remainder of weights that fall just beyond the rounded range edge (< half a step).
  Tensor rem({3});
  for (int64_t o = 0; o < 3; ++o) rem[o] = L.bias[size_t(o)];
  const Tensor ref = adder_conv2d_forward(fake_quant(x, shared), L.dequantized_weight(), &rem, s);
  expect_close(L.forward(x), ref, 1e-4f);
  expect_close(L.forward(x), adder_conv2d_forward(x, w, nullptr, s), 0.3f);  // 18 taps of error <= scale
}

// A format over the inputs only: weights beyond it are clamped, and the bias takes the exact remainder.
TEST(QuantizedLayer, AddConvClampsOutOfRangeWeightsExactly) {
  Tensor w = rnd({3, 2, 3, 3}, 8, -6.f, 6.f), x = rnd({2, 2, 4, 4}, 9, 0.f, 2.f);
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const QParams act = affine_qparams(0.f, 2.f);
  auto L = QuantizedLayer::conv(PeKind::kAdd, w, nullptr, s, act);
  // Inside the range the weights round as usual; outside, the clamped weight plus the bias term is exact.
  Tensor w_in = w;
  for (int64_t i = 0; i < w.numel(); ++i)
    if (w[i] >= 0.f && w[i] <= 2.f) w_in[i] = dequantize_value(quantize_value(w[i], act), act);
  expect_close(L.forward(x), adder_conv2d_forward(fake_quant(x, act), w_in, nullptr, s), 1e-3f);
  int clamped = 0;
  for (int64_t i = 0; i < w.numel(); ++i) clamped += w[i] < 0.f || w[i] > 2.f;
  EXPECT_GT(clamped, 20) << "the case must exercise the clamp";
  // Without the remainder the outputs would be off by sum |w - w_edge| (tens here).
  float max_bias = 0.f;
  for (float b : L.bias) max_bias = std::max(max_bias, std::fabs(b));
  EXPECT_GT(max_bias, 5.f);
}

TEST(QuantizedLayer, LinearAndMatmul) {
  Tensor x = rnd({2, 3, 8}, 10), w = rnd({5, 8}, 11), b = rnd({5}, 12);
  const QParams act = affine_qparams(-1.f, 1.f);
  auto L = QuantizedLayer::linear(PeKind::kMult, w, &b, act);
  expect_close(L.forward(x), linear_forward(fake_quant(x, act), L.dequantized_weight(), &b), 1e-4f);
  Tensor a = rnd({4, 6}, 13, 0.f, 1.f), m = rnd({6, 3}, 14, -2.f, 0.5f);
  const QParams qa = affine_qparams(0.f, 1.f), qm = affine_qparams(-2.f, 0.5f);
  IntGemmJob job;
  Tensor y = quantized_matmul(a, qa, m, qm, AccSpec{}, &job);
  Tensor ref({4, 3});
  ref.mat(4, 3) = fake_quant(a, qa).mat(4, 6) * fake_quant(m, qm).mat(6, 3);
  expect_close(y, ref, 1e-4f);
  EXPECT_EQ(job.A.size(), 24u);
}

}  // namespace
}  // namespace shiftadd::nn::quant
