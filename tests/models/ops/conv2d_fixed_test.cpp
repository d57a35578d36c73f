// conv2d_forward_fixed: the bits of a sequential float loop in im2col's k order, whatever the batch, the
// grouping of small outputs into one GEMM or the thread count; its epilogue equals the separate passes.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/ops/batchnorm.h"
#include "models/ops/conv2d.h"
#include "models/ops/conv2d_fixed.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::rnd;

bool bit_equal(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), size_t(a.numel()) * sizeof(float)) == 0;
}

// k = (c * kh + ky) * kw + kx ascending, float products rounded then added; padded taps add nothing.
Tensor sequential_conv(const Tensor& x, const Tensor& w, const Conv2dSpec& s) {
  const ConvGeom g = conv_geom(x.shape(), w.shape(), s);
  Tensor y({g.N, g.O, g.Ho, g.Wo});
  for (int64_t n = 0; n < g.N; ++n)
    for (int64_t o = 0; o < g.O; ++o)
      for (int64_t oy = 0; oy < g.Ho; ++oy)
        for (int64_t ox = 0; ox < g.Wo; ++ox) {
          volatile float acc = 0.f;
          const int64_t gi = o / g.Og;
          for (int64_t c = 0; c < g.Cg; ++c)
            for (int64_t ky = 0; ky < s.kernel_h; ++ky)
              for (int64_t kx = 0; kx < s.kernel_w; ++kx) {
                const int64_t iy = oy * s.stride_h - s.pad_h + ky, ix = ox * s.stride_w - s.pad_w + kx;
                if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W) continue;
                volatile float prod = x.at({n, gi * g.Cg + c, iy, ix}) * w.at({o, c, ky, kx});
                acc = acc + prod;
              }
          y.at({n, o, oy, ox}) = acc;
        }
  return y;
}

TEST(Conv2dFixed, BitsOfTheSequentialLoop) {
  for (const auto& [s, xs, ws] :
       {std::tuple{Conv2dSpec::square(3, 1, 1), Shape{3, 8, 28, 28}, Shape{8, 8, 3, 3}},   // 784 columns
        std::tuple{Conv2dSpec::square(3, 2, 1), Shape{9, 24, 14, 14}, Shape{48, 24, 3, 3}},  // 7x7: grouped
        std::tuple{Conv2dSpec{3, 2, 2, 1, 1, 0, 2}, Shape{2, 4, 7, 6}, Shape{6, 2, 3, 2}},
        // stride 1, "same" padding: the shifted-buffer lowering, with images side by side and a short last GEMM
        std::tuple{Conv2dSpec::square(1, 1, 0), Shape{7, 6, 7, 7}, Shape{5, 6, 1, 1}},
        std::tuple{Conv2dSpec::square(5, 1, 2), Shape{6, 4, 9, 9}, Shape{6, 4, 5, 5}},
        std::tuple{Conv2dSpec{3, 1, 1, 1, 1, 0, 2}, Shape{11, 4, 7, 6}, Shape{6, 2, 3, 1}},
        // strided: phases of the input; odd sizes, wide padding, no padding, padding wider than the kernel
        std::tuple{Conv2dSpec::square(5, 3, 2), Shape{4, 3, 11, 10}, Shape{5, 3, 5, 5}},
        std::tuple{Conv2dSpec::square(1, 2, 0), Shape{5, 4, 7, 9}, Shape{3, 4, 1, 1}},
        std::tuple{Conv2dSpec::square(1, 1, 1), Shape{3, 2, 5, 4}, Shape{3, 2, 1, 1}},
        std::tuple{Conv2dSpec{2, 4, 2, 3, 0, 2, 1}, Shape{3, 2, 9, 13}, Shape{4, 2, 2, 4}},
        std::tuple{Conv2dSpec::square(3, 2, 1), Shape{2, 24, 28, 28}, Shape{24, 24, 3, 3}}}) {
    const Tensor x = rnd(xs, 1), w = rnd(ws, 2);
    EXPECT_TRUE(bit_equal(conv2d_forward_fixed(x, w, s), sequential_conv(x, w, s))) << shape_str(xs);
  }
}

TEST(Conv2dFixed, CloseToTheEigenConv) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const Tensor x = rnd({4, 24, 14, 14}, 3), w = rnd({24, 24, 3, 3}, 4);
  const Tensor a = conv2d_forward_fixed(x, w, s), b = conv2d_forward(x, w, nullptr, s);
  for (int64_t i = 0; i < a.numel(); ++i) ASSERT_NEAR(a[i], b[i], 1e-4f) << i;
}

TEST(Conv2dFixed, SameBitsForOneImageAtATimeAndAnyThreadCount) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const Tensor x = rnd({13, 16, 7, 7}, 5), w = rnd({16, 16, 3, 3}, 6);
  const Tensor all = conv2d_forward_fixed(x, w, s);
  for (int64_t n = 0; n < 13; ++n) {
    Tensor xn({1, 16, 7, 7});
    std::memcpy(xn.data(), x.data() + n * xn.numel(), size_t(xn.numel()) * 4);
    const Tensor yn = conv2d_forward_fixed(xn, w, s);
    ASSERT_EQ(std::memcmp(yn.data(), all.data() + n * yn.numel(), size_t(yn.numel()) * 4), 0) << "image " << n;
  }
  tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  EXPECT_TRUE(bit_equal(conv2d_forward_fixed(x, w, s), all));
}

TEST(Conv2dFixed, EpilogueEqualsTheSeparatePasses) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const Tensor x = rnd({5, 12, 9, 9}, 7), w = rnd({12, 12, 3, 3}, 8), h = rnd({5, 12, 9, 9}, 9), b = rnd({12}, 10);
  BatchNorm bn(12);
  bn.running_mean = rnd({12}, 11), bn.running_var = rnd({12}, 12, 0.5f, 2.f);
  bn.gamma.value = rnd({12}, 13), bn.beta.value = rnd({12}, 14);
  bn.set_training(false);
  Tensor want = conv2d_forward_fixed(x, w, s);
  for (int64_t i = 0; i < want.numel(); ++i) want[i] = want[i] + b[i / 81 % 12];
  want = act_forward(ActKind::kReLU, bn.forward(want));
  want += h;
  const BatchNorm::Affine a = bn.eval_affine();
  ConvEpilogue ep;
  ep.bias = b.data(), ep.mean = a.mean.data(), ep.inv_std = a.inv_std.data(), ep.gamma = a.gamma.data();
  ep.beta = a.beta.data(), ep.relu = true, ep.residual = &h;
  EXPECT_TRUE(bit_equal(conv2d_forward_fixed(x, w, s, ep), want));
}

TEST(Conv2dFixed, RefusesAHalfBatchNormOrAMisshapenResidual) {
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  const Tensor x = rnd({1, 2, 5, 5}, 1), w = rnd({2, 2, 3, 3}, 2), h = rnd({1, 2, 4, 4}, 3);
  const float m[2] = {0, 0};
  ConvEpilogue half;
  half.mean = m;
  EXPECT_THROW(conv2d_forward_fixed(x, w, s, half), InputError);
  ConvEpilogue bad;
  bad.residual = &h;
  EXPECT_THROW(conv2d_forward_fixed(x, w, s, bad), InputError);
  BatchNorm bn(2);
  EXPECT_THROW(bn.eval_affine(), InputError);  // training mode: the statistics would come from the batch
}

}  // namespace
}  // namespace shiftadd::nn
