// Add and shift operators. Their backward passes are defined approximations (AdderNet's gradients, the
// DeepShift STE), so the tests check those definitions; finite differences are used only where the
// definition equals the true derivative (adder dx when every |w - x| >= 1, shift dx at fixed weights).
#include <gtest/gtest.h>

#include <cmath>

#include "models/ops/adder.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "models/ops/shift.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::expect_fd_grad;
using testing::rnd;

// Weights with |w| in [1.5, 2.5] and inputs in [-0.5, 0.5]: |w - x| >= 1 everywhere (padding reads 0),
// so HardTanh(w - x) = sign(w - x), the true derivative of -|x - w|.
Tensor far_weights(Shape s, uint64_t seed) {
  Tensor w = rnd(std::move(s), seed, 1.5f, 2.5f);
  for (int64_t i = 0; i < w.numel(); i += 2) w[i] = -w[i];
  return w;
}

TEST(AdderConv, ForwardMatchesDefinition) {
  const Conv2dSpec s = Conv2dSpec::square(3, 2, 1, 2);
  Tensor x = rnd({2, 4, 5, 5}, 1), w = rnd({4, 2, 3, 3}, 2), b = rnd({4}, 3);
  Tensor y = adder_conv2d_forward(x, w, &b, s);
  ASSERT_EQ(y.shape(), (Shape{2, 4, 3, 3}));
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t o = 0; o < 4; ++o)
      for (int64_t oy = 0; oy < 3; ++oy)
        for (int64_t ox = 0; ox < 3; ++ox) {
          double acc = b[o];
          for (int64_t c = 0; c < 2; ++c)
            for (int64_t ky = 0; ky < 3; ++ky)
              for (int64_t kx = 0; kx < 3; ++kx) {
                const int64_t iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
                const bool in = iy >= 0 && iy < 5 && ix >= 0 && ix < 5;
                const float xv = in ? x.at({n, (o / g.Og) * 2 + c, iy, ix}) : 0.f;
                acc -= std::fabs(double(xv) - w.at({o, c, ky, kx}));
              }
          EXPECT_NEAR(y.at({n, o, oy, ox}), acc, 1e-5);
        }
}

TEST(AdderConv, WeightGradientIsFullPrecisionDifference) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  Tensor x = rnd({2, 2, 4, 4}, 4), w = rnd({3, 2, 3, 3}, 5), dy = rnd({2, 3, 4, 4}, 6);
  Tensor dw = Tensor::zeros_like(w);
  adder_conv2d_backward(x, w, dy, s, &dw, nullptr, false);
  // dw[o,c,ky,kx] = sum_{n,oy,ox} dy * (x_patch - w)
  for (int64_t o = 0; o < 3; ++o)
    for (int64_t c = 0; c < 2; ++c)
      for (int64_t ky = 0; ky < 3; ++ky)
        for (int64_t kx = 0; kx < 3; ++kx) {
          double acc = 0;
          for (int64_t n = 0; n < 2; ++n)
            for (int64_t oy = 0; oy < 4; ++oy)
              for (int64_t ox = 0; ox < 4; ++ox) {
                const int64_t iy = oy - 1 + ky, ix = ox - 1 + kx;
                const float xv = (iy >= 0 && iy < 4 && ix >= 0 && ix < 4) ? x.at({n, c, iy, ix}) : 0.f;
                acc += double(dy.at({n, o, oy, ox})) * (double(xv) - w.at({o, c, ky, kx}));
              }
          EXPECT_NEAR(dw.at({o, c, ky, kx}), acc, 1e-4);
        }
}

TEST(AdderConv, InputGradientIsHardTanh) {
  const Conv2dSpec s = Conv2dSpec::square(2, 1, 0);
  Tensor x({1, 1, 2, 2}, std::vector<float>{0.f, 0.3f, -2.f, 5.f}), w({1, 1, 2, 2}, std::vector<float>{0.5f, 0.f, 0.f, 0.f});
  Tensor dy({1, 1, 1, 1}, 2.f);
  Tensor dx = adder_conv2d_backward(x, w, dy, s, nullptr, nullptr);
  // 2 * HardTanh(w - x): (0.5 - 0) -> 1.0, (0 - 0.3) -> -0.6, (0 + 2) -> clipped 2, (0 - 5) -> clipped -2
  EXPECT_FLOAT_EQ(dx[0], 1.0f);
  EXPECT_FLOAT_EQ(dx[1], -0.6f);
  EXPECT_FLOAT_EQ(dx[2], 2.0f);
  EXPECT_FLOAT_EQ(dx[3], -2.0f);
}

TEST(AdderConv, InputGradientMatchesFiniteDifferencesAwayFromKinks) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  Tensor x = rnd({2, 2, 4, 4}, 7, -0.5f, 0.5f), w = far_weights({3, 2, 3, 3}, 8);
  Tensor y = adder_conv2d_forward(x, w, nullptr, s);
  Tensor r = rnd(y.shape(), 9);
  Tensor dx = adder_conv2d_backward(x, w, r, s, nullptr, nullptr);
  // Piecewise linear and h < distance to every kink: exact up to rounding.
  expect_fd_grad(x, dx, r, [&] { return adder_conv2d_forward(x, w, nullptr, s); }, 0.1f, 1e-4, 1e-4, "dx");
}

TEST(AdderLinear, ForwardAndBackwardDefinitions) {
  Tensor x = rnd({2, 3, 5}, 10, -0.5f, 0.5f), w = far_weights({4, 5}, 11), b = rnd({4}, 12);
  Tensor y = adder_linear_forward(x, w, &b);
  ASSERT_EQ(y.shape(), (Shape{2, 3, 4}));
  for (int64_t m = 0; m < 6; ++m)
    for (int64_t o = 0; o < 4; ++o) {
      double acc = b[o];
      for (int64_t k = 0; k < 5; ++k) acc -= std::fabs(double(x[m * 5 + k]) - w[o * 5 + k]);
      EXPECT_NEAR(y[m * 4 + o], acc, 1e-5);
    }
  Tensor r = rnd(y.shape(), 13);
  Tensor dw = Tensor::zeros_like(w), db = Tensor::zeros_like(b);
  Tensor dx = adder_linear_backward(x, w, r, &dw, &db);
  expect_fd_grad(x, dx, r, [&] { return adder_linear_forward(x, w, &b); }, 0.1f, 1e-4, 1e-4, "dx");
  expect_fd_grad(b, db, r, [&] { return adder_linear_forward(x, w, &b); }, 0.1f, 1e-4, 1e-4, "db");
  for (int64_t o = 0; o < 4; ++o)
    for (int64_t k = 0; k < 5; ++k) {
      double acc = 0;
      for (int64_t m = 0; m < 6; ++m) acc += double(r[m * 4 + o]) * (double(x[m * 5 + k]) - w[o * 5 + k]);
      EXPECT_NEAR(dw[o * 5 + k], acc, 1e-4);
    }
}

TEST(AdderLayers, AdaptiveLearningRateHook) {
  Rng rng(3);
  AddConv2d conv(2, 3, Conv2dSpec::square(3, 1, 1), false, rng);
  EXPECT_EQ(conv.weight.hook, GradHook::kAdderAdaptive);
  EXPECT_FLOAT_EQ(conv.weight.hook_eta, 0.2f);
  Tensor y = conv.forward(rnd({2, 2, 4, 4}, 4));
  conv.backward(rnd(y.shape(), 5));
  Tensor g = conv.weight.grad;
  apply_grad_hook(conv.weight);
  // eta * sqrt(k) / ||g|| * g: same direction, norm eta * sqrt(k)
  const double norm = conv.weight.grad.vec().cast<double>().norm();
  EXPECT_NEAR(norm, 0.2 * std::sqrt(double(g.numel())), 1e-4);
  const double ratio = conv.weight.grad[0] / g[0];
  for (int64_t i = 0; i < g.numel(); ++i) EXPECT_NEAR(conv.weight.grad[i], ratio * g[i], 1e-5);
  Tensor zero({3});
  adder_adaptive_scale(zero, 0.2f);  // a zero gradient stays finite
  EXPECT_EQ(zero[0], 0.f);
}

TEST(ShiftPS, WeightDefinition) {
  Tensor s({6}, std::vector<float>{0.7f, -0.9f, 0.3f, 0.5f, -2.f, 1.f});
  Tensor p({6}, std::vector<float>{-2.4f, -0.6f, -3.f, -1.f, -20.f, 3.f});
  Tensor w = shift_ps_weight(s, p);
  // sign(round(s)) * 2^round(clamp(p, -14, 0))
  const std::vector<float> want{0.25f, -0.5f, 0.f, 0.f, -std::ldexp(1.f, -14), 1.f};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(w[i], want[size_t(i)]) << i;
  EXPECT_EQ(round_half_even(2.5f), 2.f);
  EXPECT_EQ(round_half_even(-3.5f), -4.f);
  EXPECT_EQ(round_half_even(-0.5f), 0.f);
}

TEST(ShiftPS, StraightThroughEstimator) {
  Tensor s = rnd({3, 4}, 20), p = rnd({3, 4}, 21, -6.f, 0.f);
  Tensor w = shift_ps_weight(s, p);
  Tensor dw = rnd({3, 4}, 22);
  Tensor ds = Tensor::zeros_like(s), dp = Tensor::zeros_like(p);
  shift_ps_backward(dw, w, ds, dp);
  for (int64_t i = 0; i < w.numel(); ++i) {
    EXPECT_EQ(ds[i], dw[i]);                                     // unsymmetric: sign gets dL/dw
    EXPECT_FLOAT_EQ(dp[i], dw[i] * w[i] * float(std::log(2.0)));  // d(2^p)/dp = 2^p ln 2, round is identity
  }
}

TEST(ShiftPS, ConvLayerRoutesConvGradientThroughSte) {
  Rng rng(5);
  ShiftConv2d layer(2, 3, Conv2dSpec::square(3, 1, 1), true, rng);
  Tensor x = rnd({2, 2, 5, 5}, 6);
  Tensor y = layer.forward(x);
  Tensor w = layer.effective_weight();
  for (int64_t i = 0; i < w.numel(); ++i) {  // weights are signed powers of two in range, or 0
    if (w[i] == 0) continue;
    const int e = std::ilogb(w[i]);
    EXPECT_EQ(std::fabs(w[i]), std::ldexp(1.f, e));
    EXPECT_GE(e, -14);
    EXPECT_LE(e, 0);
  }
  Tensor r = rnd(y.shape(), 7);
  Tensor dx = layer.backward(r);
  Tensor dw = Tensor::zeros_like(w);
  Tensor dx_ref = conv2d_backward(x, w, r, layer.spec, &dw, nullptr);
  EXPECT_TRUE(testing::bit_equal(dx, dx_ref));
  Tensor ds = Tensor::zeros_like(w), dp = Tensor::zeros_like(w);
  shift_ps_backward(dw, w, ds, dp);
  EXPECT_TRUE(testing::bit_equal(layer.weights.sign.grad, ds));
  EXPECT_TRUE(testing::bit_equal(layer.weights.shift.grad, dp));
  // With the weights frozen the layer is a plain conv in x: finite differences apply.
  expect_fd_grad(x, dx, r, [&] { return conv2d_forward(x, w, &layer.bias.value, layer.spec); }, 0.25f, 1e-4,
                 1e-4, "dx");
}

TEST(ShiftPS, ForwardProjectsShiftParameter) {
  Rng rng(8);
  ShiftLinear layer(4, 2, false, rng);
  layer.weights.shift.value[0] = -30.f;
  layer.weights.shift.value[1] = 2.f;
  layer.forward(rnd({1, 4}, 9));
  EXPECT_EQ(layer.weights.shift.value[0], -14.f);
  EXPECT_EQ(layer.weights.shift.value[1], 0.f);
  EXPECT_EQ(layer.params().size(), 2u);
}

TEST(ShiftPS, FromWeightRoundsInLogDomain) {
  Tensor w({5}, std::vector<float>{0.3f, -0.75f, 0.f, 4.f, 1e-9f});
  Tensor s, p;
  shift_ps_from_weight(w, s, p);
  Tensor q = shift_ps_weight(s, p);
  const std::vector<float> want{0.25f, -1.f, 0.f, 1.f, std::ldexp(1.f, -14)};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(q[i], want[size_t(i)]) << i;
}

TEST(ShiftQ, WeightDefinitionAndSte) {
  Tensor w({7}, std::vector<float>{0.75f, 0.7f, 1e-6f, 3.f, -0.3f, 0.f, -0.125f});
  Tensor q = shift_q_weight(w);
  // |w| clamped to [2^-15, 1], then 2^round(log2|w|): 0.75 -> 2^0 (log2 = -0.42), 0.7 -> 2^-1 (-0.51)
  const std::vector<float> want{1.f, 0.5f, std::ldexp(1.f, -15), 1.f, -0.25f, 0.f, -0.125f};
  for (int i = 0; i < 7; ++i) EXPECT_EQ(q[i], want[size_t(i)]) << i;
  Rng rng(10);
  ShiftLinear layer(3, 2, false, rng, ShiftMode::kQ);
  layer.weights.raw.value[0] = 5.f;
  Tensor x = rnd({4, 3}, 11);
  Tensor y = layer.forward(x);
  EXPECT_EQ(layer.weights.raw.value[0], 1.f);  // clampabs projection of the stored weight
  Tensor r = rnd(y.shape(), 12);
  layer.backward(r);
  Tensor dw = Tensor::zeros_like(layer.weights.raw.value);
  linear_backward(x, layer.effective_weight(), r, &dw, nullptr, false);
  EXPECT_TRUE(testing::bit_equal(layer.weights.raw.grad, dw));  // STE: identity
}

}  // namespace
}  // namespace shiftadd::nn
