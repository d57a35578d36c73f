#include "models/ops/im2col.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace shiftadd::nn {
namespace {

// The per-element definition im2col must reproduce exactly (it copies values; nothing is computed).
std::vector<float> naive_cols(const std::vector<float>& img, const ConvGeom& g, const Conv2dSpec& s) {
  std::vector<float> cols(size_t(g.K * g.P));
  for (int64_t c = 0; c < g.Cg; ++c)
    for (int64_t ki = 0; ki < s.kernel_h; ++ki)
      for (int64_t kj = 0; kj < s.kernel_w; ++kj)
        for (int64_t oy = 0; oy < g.Ho; ++oy)
          for (int64_t ox = 0; ox < g.Wo; ++ox) {
            const int64_t iy = oy * s.stride_h - s.pad_h + ki, ix = ox * s.stride_w - s.pad_w + kj;
            const bool in = iy >= 0 && iy < g.H && ix >= 0 && ix < g.W;
            cols[size_t(((c * s.kernel_h + ki) * s.kernel_w + kj) * g.P + oy * g.Wo + ox)] =
                in ? img[size_t((c * g.H + iy) * g.W + ix)] : 0.f;
          }
  return cols;
}

TEST(Im2col, MatchesThePerElementDefinitionForEveryStridePadAndKernel) {
  Rng rng(9);
  int cases = 0;
  for (int k = 1; k <= 5; ++k)
    for (int stride = 1; stride <= 3; ++stride)
      for (int pad = 0; pad <= 3; ++pad)
        for (int w : {1, 4, 7}) {
          Conv2dSpec s;
          s.kernel_h = s.kernel_w = k;
          s.stride_h = s.stride_w = stride;
          s.pad_h = s.pad_w = pad;
          const int h = 5;
          if (w + 2 * pad < k || h + 2 * pad < k) continue;
          const ConvGeom g = conv_geom({1, 2, h, w}, {3, 2, k, k}, s);
          std::vector<float> img(size_t(2 * h * w));
          for (auto& v : img) v = float(rng.uniform(-1, 1));
          std::vector<float> cols(size_t(g.K * g.P), 99.f);
          im2col(img.data(), g, s, 0, cols.data());
          ASSERT_EQ(cols, naive_cols(img, g, s)) << "k " << k << " stride " << stride << " pad " << pad << " w " << w;
          ++cases;
        }
  EXPECT_GT(cases, 100);
}

}  // namespace
}  // namespace shiftadd::nn
