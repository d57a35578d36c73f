// Lightweight conv: equals a per-head depthwise conv, causal padding ignores the future, gradients.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "models/ops/lightweight_conv.h"
#include "models/ops/softmax.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::expect_fd_grad;
using testing::rnd;

TEST(LightweightConv, ForwardDefinitionAndCausality) {
  Tensor x = rnd({2, 5, 4}, 1), w = softmax_forward(rnd({2, 3}, 2));  // 2 heads of 2 channels, k = 3
  Tensor y = lightweight_conv_forward(x, w, 1);
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t t = 0; t < 5; ++t)
      for (int64_t c = 0; c < 4; ++c) {
        double acc = 0;
        for (int64_t j = 0; j < 3; ++j) {
          const int64_t ts = t + j - 1;
          if (ts >= 0 && ts < 5) acc += double(w[(c / 2) * 3 + j]) * x[(b * 5 + ts) * 4 + c];
        }
        EXPECT_NEAR(y[(b * 5 + t) * 4 + c], acc, 1e-6);
      }
  Tensor yc = lightweight_conv_forward(x, w, 2);  // causal: pad_left = k - 1
  Tensor x2 = x;
  x2[(0 * 5 + 4) * 4 + 1] += 3.f;  // perturb the last step
  Tensor yc2 = lightweight_conv_forward(x2, w, 2);
  for (int64_t i = 0; i < 4 * 4; ++i) EXPECT_EQ(yc[i], yc2[i]);  // steps 0..3 of batch 0 unchanged
  EXPECT_THROW(lightweight_conv_forward(x, Tensor({3, 3}), 1), InputError);
  EXPECT_THROW(lightweight_conv_forward(x, w, 3), InputError);
}

TEST(LightweightConv, BackwardMatchesFiniteDifferences) {
  Tensor x = rnd({2, 6, 4}, 3), w = rnd({2, 3}, 4), r = rnd({2, 6, 4}, 5);
  Tensor dw = Tensor::zeros_like(w);
  Tensor dx = lightweight_conv_backward(x, w, r, 1, &dw);
  auto f = [&] { return lightweight_conv_forward(x, w, 1); };
  expect_fd_grad(x, dx, r, f, 0.25f, 1e-4, 1e-4, "dx");
  expect_fd_grad(w, dw, r, f, 0.25f, 1e-4, 1e-4, "dw");
}

TEST(LightweightConv, AdderFormUsesAdderNetGradients) {
  Tensor x = rnd({1, 4, 2}, 6, -0.5f, 0.5f), w = rnd({1, 3}, 7, 1.5f, 2.5f), r = rnd({1, 4, 2}, 8);
  Tensor y = lightweight_conv_forward(x, w, 1, PeKind::kAdd);
  EXPECT_NEAR(y[0], -(std::fabs(0.f - w[0]) + std::fabs(x[0] - w[1]) + std::fabs(x[2] - w[2])), 1e-6);
  Tensor dw = Tensor::zeros_like(w);
  Tensor dx = lightweight_conv_backward(x, w, r, 1, &dw, PeKind::kAdd);
  // |w - x| >= 1 everywhere, so HardTanh(w - x) is the true derivative.
  expect_fd_grad(x, dx, r, [&] { return lightweight_conv_forward(x, w, 1, PeKind::kAdd); }, 0.1f, 1e-4, 1e-4, "dx");
  double want = 0;  // dw[0] = sum_t dy[t] (x[t-1] - w[0]) over both channels, padding reads 0
  for (int64_t t = 0; t < 4; ++t)
    for (int64_t c = 0; c < 2; ++c) want += double(r[t * 2 + c]) * ((t ? x[(t - 1) * 2 + c] : 0.f) - w[0]);
  EXPECT_NEAR(dw[0], want, 1e-5);
}

}  // namespace
}  // namespace shiftadd::nn
