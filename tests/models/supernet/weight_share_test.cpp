#include <gtest/gtest.h>

#include "models/supernet/weight_share.h"

namespace shiftadd::nn {
namespace {

Tensor input(Rng& rng) { return Tensor::randn({2, 3, 6, 6}, rng); }

double max_abs_diff(const Tensor& a, const Tensor& b) {
  double m = 0;
  for (int64_t i = 0; i < a.numel(); ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
  return m;
}

class ShareModeTest : public ::testing::TestWithParam<ShareMode> {};

TEST_P(ShareModeTest, ChangingSharedWeightChangesOpsThatShareIt) {
  Rng rng(3);
  SharedOpLayer layer(3, 4, 1, GetParam(), rng);
  // Training mode: BN normalises with batch statistics (fresh running stats would let ReLU zero every
  // adder output, which is always negative).
  const Tensor x = input(rng);
  std::vector<Tensor> before;
  for (BlockType op : {BlockType::kConv, BlockType::kAdd, BlockType::kShift}) before.push_back(layer.forward(x, op));
  for (float& v : layer.w.value.values()) v = v * 3.f + 0.05f;  // a change that moves every power of two
  int i = 0;
  for (BlockType op : {BlockType::kConv, BlockType::kAdd, BlockType::kShift}) {
    const double d = max_abs_diff(before[size_t(i++)], layer.forward(x, op));
    if (GetParam() == ShareMode::kIndependent && op != BlockType::kConv)
      EXPECT_EQ(d, 0.0) << to_string(op) << " must not depend on the conv weight in independent mode";
    else
      EXPECT_GT(d, 1e-4) << to_string(op) << " did not change with W";
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ShareModeTest,
                         ::testing::Values(ShareMode::kIndependent, ShareMode::kNaive, ShareMode::kHeterogeneous));

TEST(WeightShare, TransformIsIdentityAtInitAndScalesPerBin) {
  Rng rng(5);
  TransformKernel T(100);
  const Tensor w = Tensor::randn({4, 3, 3, 3}, rng);
  const Tensor t = T.apply(w);
  EXPECT_EQ(max_abs_diff(t, w), 0.0);
  T.scale.value[99] = 2.f;  // the bin holding max w
  const Tensor t2 = T.apply(w);
  const auto imax = std::max_element(w.values().begin(), w.values().end()) - w.values().begin();
  EXPECT_FLOAT_EQ(t2[imax], 2.f * w[imax]);
}

TEST(WeightShare, HeterogeneousAddAndShiftUseTransformedWeight) {
  Rng rng(7);
  SharedOpLayer layer(3, 4, 1, ShareMode::kHeterogeneous, rng);
  for (float& a : layer.T.scale.value.values()) a = 0.5f;
  const Tensor add_w = layer.effective_weight(BlockType::kAdd);
  for (int64_t i = 0; i < add_w.numel(); ++i) EXPECT_FLOAT_EQ(add_w[i], layer.add_gain * 0.5f * layer.w.value[i]);
  const Tensor shift_w = layer.effective_weight(BlockType::kShift);
  for (int64_t i = 0; i < shift_w.numel(); ++i) {
    const float a = std::fabs(shift_w[i]);
    EXPECT_EQ(std::ldexp(1.f, std::ilogb(a)), a) << "not a power of two";
    EXPECT_EQ(std::signbit(shift_w[i]), std::signbit(layer.w.value[i]));
  }
}

TEST(WeightShare, KlGradientReachesWAndT) {
  Rng rng(9);
  SharedOpLayer layer(3, 4, 1, ShareMode::kHeterogeneous, rng);
  Rng s1(1);
  EXPECT_GT(layer.kl_loss(BlockType::kConv, s1, 10.f), 0.0);
  EXPECT_GT(layer.w.grad.vec().norm(), 0.f) << "conv KL must reach W";
  EXPECT_EQ(layer.T.scale.grad.vec().norm(), 0.f);
  layer.zero_grad();
  Rng s2(2);
  EXPECT_GT(layer.kl_loss(BlockType::kAdd, s2, 10.f), 0.0);
  EXPECT_GT(layer.w.grad.vec().norm(), 0.f) << "add KL must reach W through T";
  EXPECT_GT(layer.T.scale.grad.vec().norm(), 0.f) << "add KL must reach T";
}

TEST(WeightShare, KlGradientMatchesFiniteDifferences) {
  Rng rng(13);
  Tensor w = Tensor::randn({2, 5}, rng), s = Tensor::randn({2, 5}, rng), g({2, 5}), scratch({2, 5});
  kl_to_sample(w, s, 3.f, g);
  for (int64_t i = 0; i < w.numel(); ++i) {
    const float h = 1e-2f, v = w[i];
    w[i] = v + h;
    const double up = kl_to_sample(w, s, 3.f, scratch);
    w[i] = v - h;
    const double dn = kl_to_sample(w, s, 3.f, scratch);
    w[i] = v;
    EXPECT_NEAR(g[i], (up - dn) / (2 * h), 1e-3);
  }
}

}  // namespace
}  // namespace shiftadd::nn
