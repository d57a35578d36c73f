// conv2d / linear: forward against a naive loop, backward against finite differences, depthwise
// equals per-channel convolution, bad shapes rejected.
#include <gtest/gtest.h>

#include "core/error.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::expect_fd_grad;
using testing::rnd;

Tensor naive_conv(const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dSpec& s) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t o = 0; o < g.O; ++o)
      for (int64_t oy = 0; oy < g.Ho; ++oy)
        for (int64_t ox = 0; ox < g.Wo; ++ox) {
          double acc = b.empty() ? 0.0 : b[o];
          const int64_t gi = o / g.Og;
          for (int64_t c = 0; c < g.Cg; ++c)
            for (int64_t ky = 0; ky < s.kernel_h; ++ky)
              for (int64_t kx = 0; kx < s.kernel_w; ++kx) {
                const int64_t iy = oy * s.stride_h - s.pad_h + ky, ix = ox * s.stride_w - s.pad_w + kx;
                if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
                acc += double(x.at({n, gi * g.Cg + c, iy, ix})) * w.at({o, c, ky, kx});
              }
          y.at({n, o, oy, ox}) = float(acc);
        }
  return y;
}

void expect_close(const Tensor& a, const Tensor& b, float tol) {
  ASSERT_EQ(a.shape(), b.shape());
  for (int64_t i = 0; i < a.numel(); ++i) ASSERT_NEAR(a[i], b[i], tol) << "element " << i;
}

TEST(Conv2d, ForwardMatchesNaiveWithStridePaddingGroups) {
  const Conv2dSpec s{3, 2, 2, 1, 1, 0, 2};  // 3x2 kernel, stride (2,1), pad (1,0), 2 groups
  Tensor x = rnd({2, 4, 7, 6}, 1), w = rnd({6, 2, 3, 2}, 2), b = rnd({6}, 3);
  Tensor y = conv2d_forward(x, w, &b, s);
  EXPECT_EQ(y.shape(), (Shape{2, 6, 4, 5}));
  expect_close(y, naive_conv(x, w, b, s), 1e-5f);
}

TEST(Conv2d, BackwardMatchesFiniteDifferences) {
  const Conv2dSpec s{3, 3, 2, 2, 1, 1, 2};
  Tensor x = rnd({2, 4, 5, 5}, 4), w = rnd({4, 2, 3, 3}, 5), b = rnd({4}, 6);
  Tensor y = conv2d_forward(x, w, &b, s);
  Tensor r = rnd(y.shape(), 7);
  Tensor dw = Tensor::zeros_like(w), db = Tensor::zeros_like(b);
  Tensor dx = conv2d_backward(x, w, r, s, &dw, &db);
  auto f = [&] { return conv2d_forward(x, w, &b, s); };
  // Linear in each argument: no truncation error, so a large h keeps the rounding noise ~1e-5.
  expect_fd_grad(x, dx, r, f, 0.25f, 1e-4, 1e-4, "dx");
  expect_fd_grad(w, dw, r, f, 0.25f, 1e-4, 1e-4, "dw");
  expect_fd_grad(b, db, r, f, 0.25f, 1e-4, 1e-4, "db");
}

TEST(Conv2d, GradientsAccumulate) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  Tensor x = rnd({1, 2, 4, 4}, 8), w = rnd({3, 2, 3, 3}, 9), dy = rnd({1, 3, 4, 4}, 10);
  Tensor dw1 = Tensor::zeros_like(w), dw2 = Tensor::zeros_like(w);
  conv2d_backward(x, w, dy, s, &dw1, nullptr, false);
  conv2d_backward(x, w, dy, s, &dw2, nullptr, false);
  conv2d_backward(x, w, dy, s, &dw2, nullptr, false);
  for (int64_t i = 0; i < w.numel(); ++i) EXPECT_FLOAT_EQ(dw2[i], 2 * dw1[i]);
}

TEST(Conv2d, DepthwiseEqualsPerChannelConv) {
  const int64_t C = 3;
  Conv2dSpec dws = Conv2dSpec::square(3, 1, 1, C);
  Tensor x = rnd({2, C, 6, 6}, 11), w = rnd({C, 1, 3, 3}, 12), b = rnd({C}, 13);
  Tensor y = conv2d_forward(x, w, &b, dws);
  Tensor r = rnd(y.shape(), 14);
  Tensor dw = Tensor::zeros_like(w);
  Tensor dx = conv2d_backward(x, w, r, dws, &dw, nullptr);
  for (int64_t c = 0; c < C; ++c) {
    Tensor xc({2, 1, 6, 6}), wc({1, 1, 3, 3}), bc({1}, b[c]), rc({2, 1, 6, 6});
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t i = 0; i < 36; ++i) {
        xc[n * 36 + i] = x[(n * C + c) * 36 + i];
        rc[n * 36 + i] = r[(n * C + c) * 36 + i];
      }
    for (int64_t i = 0; i < 9; ++i) wc[i] = w[c * 9 + i];
    Tensor yc = conv2d_forward(xc, wc, &bc, Conv2dSpec::square(3, 1, 1));
    Tensor dwc = Tensor::zeros_like(wc);
    Tensor dxc = conv2d_backward(xc, wc, rc, Conv2dSpec::square(3, 1, 1), &dwc, nullptr);
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t i = 0; i < 36; ++i) {
        EXPECT_FLOAT_EQ(y[(n * C + c) * 36 + i], yc[n * 36 + i]);
        EXPECT_FLOAT_EQ(dx[(n * C + c) * 36 + i], dxc[n * 36 + i]);
      }
    for (int64_t i = 0; i < 9; ++i) EXPECT_NEAR(dw[c * 9 + i], dwc[i], 1e-5f);
  }
}

TEST(Conv2d, RejectsBadShapes) {
  Tensor x({1, 3, 5, 5}), w({4, 2, 3, 3});
  EXPECT_THROW(conv2d_forward(x, w, nullptr, Conv2dSpec::square(3)), InputError);          // C/groups
  EXPECT_THROW(conv2d_forward(x, Tensor({4, 3, 7, 7}), nullptr, Conv2dSpec::square(7)), InputError);  // too big
  EXPECT_THROW(conv2d_forward(Tensor({3, 5, 5}), w, nullptr, Conv2dSpec::square(3)), InputError);
  Rng rng(1);
  EXPECT_THROW(Conv2d(3, 4, Conv2dSpec::square(3, 1, 0, 2), true, rng), InputError);
}

TEST(Conv2d, ModuleCollectsParamsAndAccumulates) {
  Rng rng(1);
  Conv2d conv(2, 4, Conv2dSpec::square(3, 2, 1), true, rng);
  EXPECT_EQ(conv.params("c.").size(), 2u);
  EXPECT_EQ(conv.params("c.")[0].first, "c.weight");
  EXPECT_EQ(conv.num_params(), 4 * 2 * 9 + 4);
  Tensor y = conv.forward(rnd({2, 2, 8, 8}, 2));
  EXPECT_EQ(y.shape(), (Shape{2, 4, 4, 4}));
  conv.backward(Tensor(y.shape(), 1.f));
  EXPECT_NE(conv.bias.grad[0], 0.f);
  conv.zero_grad();
  EXPECT_EQ(conv.bias.grad[0], 0.f);
}

TEST(Linear, BackwardMatchesFiniteDifferencesOn3dInput) {
  Tensor x = rnd({2, 3, 5}, 20), w = rnd({4, 5}, 21), b = rnd({4}, 22);
  Tensor y = linear_forward(x, w, &b);
  EXPECT_EQ(y.shape(), (Shape{2, 3, 4}));
  Tensor r = rnd(y.shape(), 23);
  Tensor dw = Tensor::zeros_like(w), db = Tensor::zeros_like(b);
  Tensor dx = linear_backward(x, w, r, &dw, &db);
  auto f = [&] { return linear_forward(x, w, &b); };
  expect_fd_grad(x, dx, r, f, 0.25f, 1e-4, 1e-4, "dx");
  expect_fd_grad(w, dw, r, f, 0.25f, 1e-4, 1e-4, "dw");
  expect_fd_grad(b, db, r, f, 0.25f, 1e-4, 1e-4, "db");
  EXPECT_THROW(linear_forward(x, Tensor({4, 6}), nullptr), InputError);
}

TEST(Linear, LargeParallelPathMatchesNaive) {
  Tensor x = rnd({300, 64}, 24), w = rnd({96, 64}, 25);
  Tensor y = linear_forward(x, w, nullptr);
  for (int64_t m : {0, 137, 299})
    for (int64_t o : {0, 50, 95}) {
      double acc = 0;
      for (int64_t k = 0; k < 64; ++k) acc += double(x[m * 64 + k]) * w[o * 64 + k];
      EXPECT_NEAR(y[m * 96 + o], acc, 1e-4);
    }
}

}  // namespace
}  // namespace shiftadd::nn
