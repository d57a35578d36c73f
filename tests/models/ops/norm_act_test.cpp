// BatchNorm (train/eval/recalibration), LayerNorm, softmax, activations, pooling: finite differences.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/ops/batchnorm.h"
#include "models/ops/layernorm.h"
#include "models/ops/pooling.h"
#include "models/ops/softmax.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::expect_fd_grad;
using testing::rnd;

// Smooth ops: with h = 1e-2 the rounding noise of L (~1e-6) becomes ~5e-5 in the quotient and the
// truncation error h^2 * f''' stays ~1e-4 for these O(1) inputs; 2e-3 leaves margin without hiding bugs
// (a wrong term is O(0.1-1)).
constexpr float kH = 1e-2f;
constexpr double kAtol = 2e-3, kRtol = 2e-3;

TEST(BatchNorm, TrainingBackwardMatchesFiniteDifferences) {
  BatchNorm bn(3);
  Rng rng(1);
  bn.gamma.value = Tensor::uniform({3}, rng, 0.5f, 1.5f);
  bn.beta.value = Tensor::uniform({3}, rng, -0.5f, 0.5f);
  Tensor x = rnd({4, 3, 2, 3}, 2, -2.f, 2.f);
  Tensor y = bn.forward(x);
  Tensor r = rnd(y.shape(), 3);
  Tensor dx = bn.backward(r);
  auto f = [&] { return bn.forward(x); };
  expect_fd_grad(x, dx, r, f, kH, kAtol, kRtol, "dx");
  expect_fd_grad(bn.gamma.value, bn.gamma.grad, r, f, kH, kAtol, kRtol, "dgamma");
  expect_fd_grad(bn.beta.value, bn.beta.grad, r, f, kH, kAtol, kRtol, "dbeta");
}

TEST(BatchNorm, NormalisesAndTracksUnbiasedRunningStats) {
  BatchNorm bn(2, 1e-5f, 0.1f);
  Tensor x({2, 2, 1, 2}, std::vector<float>{1, 3, 10, 10, 5, 7, 20, 40});  // channel 0: {1,3,5,7}
  Tensor y = bn.forward(x);
  double m = 0, v = 0;
  for (int i : {0, 1, 4, 5}) m += y[i];
  for (int i : {0, 1, 4, 5}) v += y[i] * y[i];
  EXPECT_NEAR(m / 4, 0.0, 1e-6);
  EXPECT_NEAR(v / 4, 1.0, 1e-4);
  EXPECT_FLOAT_EQ(bn.running_mean[0], 0.1f * 4.f);
  EXPECT_FLOAT_EQ(bn.running_var[0], 0.9f + 0.1f * (20.f / 3.f));  // unbiased: sum sq dev 20 / 3
  bn.set_training(false);
  Tensor ye = bn.forward(x);
  EXPECT_NEAR(ye[0], (1.f - bn.running_mean[0]) / std::sqrt(bn.running_var[0] + 1e-5f), 1e-5);
  // Eval backward: statistics are constants, so d y / d x = gamma / sqrt(running_var + eps).
  Tensor dx = bn.backward(Tensor(x.shape(), 1.f));
  EXPECT_NEAR(dx[0], 1.f / std::sqrt(bn.running_var[0] + 1e-5f), 1e-6);
  EXPECT_EQ(bn.buffers().size(), 3u);
}

TEST(BatchNorm, RecalibrationAveragesBatchStatistics) {
  BatchNorm bn(1);
  bn.running_mean[0] = 123.f;  // stale statistics from the supernet
  bn.set_training(false);
  std::vector<Tensor> batches;
  for (int i = 0; i < 3; ++i) batches.push_back(rnd({4, 1, 2, 2}, 10 + uint64_t(i), float(i), float(i) + 2.f));
  recalibrate_batchnorm({&bn}, 3, [&](int i) { bn.forward(batches[size_t(i)]); });
  double mean_of_means = 0;
  for (const auto& b : batches) mean_of_means += b.vec().cast<double>().mean() / 3.0;
  EXPECT_NEAR(bn.running_mean[0], mean_of_means, 1e-5);
  EXPECT_FALSE(bn.training());  // flag restored
  EXPECT_FALSE(bn.recalibrating());
  EXPECT_EQ(bn.num_batches[0], 3.f);
}

TEST(LayerNorm, BackwardMatchesFiniteDifferences) {
  LayerNorm ln(5);
  Rng rng(4);
  ln.gamma.value = Tensor::uniform({5}, rng, 0.5f, 1.5f);
  ln.beta.value = Tensor::uniform({5}, rng, -0.5f, 0.5f);
  Tensor x = rnd({2, 3, 5}, 5, -2.f, 2.f);
  Tensor y = ln.forward(x);
  Tensor r = rnd(y.shape(), 6);
  Tensor dx = ln.backward(r);
  auto f = [&] { return ln.forward(x); };
  expect_fd_grad(x, dx, r, f, kH, kAtol, kRtol, "dx");
  expect_fd_grad(ln.gamma.value, ln.gamma.grad, r, f, kH, kAtol, kRtol, "dgamma");
  expect_fd_grad(ln.beta.value, ln.beta.grad, r, f, kH, kAtol, kRtol, "dbeta");
  EXPECT_THROW(ln.forward(Tensor({2, 4})), InputError);
}

TEST(Softmax, BackwardMatchesFiniteDifferencesAndRowsSumToOne) {
  Tensor x = rnd({3, 6}, 7, -3.f, 3.f);
  Tensor y = softmax_forward(x);
  for (int64_t m = 0; m < 3; ++m) EXPECT_NEAR(y.mat2d().row(m).sum(), 1.f, 1e-6);
  Tensor ls = log_softmax_forward(x);
  for (int64_t i = 0; i < x.numel(); ++i) EXPECT_NEAR(std::exp(ls[i]), y[i], 1e-6);
  Tensor r = rnd(y.shape(), 8);
  Tensor dx = softmax_backward(y, r);
  expect_fd_grad(x, dx, r, [&] { return softmax_forward(x); }, kH, kAtol, kRtol, "dx");
}

TEST(Activations, BackwardMatchesFiniteDifferences) {
  Tensor x = rnd({4, 10}, 9, -3.f, 3.f);
  for (int64_t i = 0; i < x.numel(); ++i)  // keep ReLU's kink farther than h from every sample
    if (std::fabs(x[i]) < 0.05f) x[i] = 0.3f;
  for (ActKind k : {ActKind::kReLU, ActKind::kGELU, ActKind::kSiLU, ActKind::kIdentity}) {
    Tensor r = rnd(x.shape(), 10);
    Tensor dx = act_backward(k, x, r);
    expect_fd_grad(x, dx, r, [&] { return act_forward(k, x); }, kH, kAtol, kRtol, "activation");
  }
  EXPECT_NEAR(act_forward(ActKind::kGELU, Tensor({1}, 1.f))[0], 0.8413447f, 1e-6);  // x * Phi(x)
  EXPECT_NEAR(act_forward(ActKind::kSiLU, Tensor({1}, 1.f))[0], 0.7310586f, 1e-6);
  EXPECT_EQ(parse_act("gelu"), ActKind::kGELU);
  EXPECT_THROW(parse_act("tanh"), InputError);
}

TEST(Pooling, MaxPoolBackwardMatchesFiniteDifferences) {
  // Distinct values 0.1 apart so a perturbation of h never changes the arg max.
  Tensor x({2, 2, 5, 5});
  for (int64_t i = 0; i < x.numel(); ++i) x[i] = 0.1f * float((i * 37) % x.numel()) - 5.f;
  MaxPool2d pool(PoolSpec{3, 2, 1});
  Tensor y = pool.forward(x);
  EXPECT_EQ(y.shape(), (Shape{2, 2, 3, 3}));
  Tensor r = rnd(y.shape(), 12);
  Tensor dx = pool.backward(r);
  expect_fd_grad(x, dx, r, [&] { return pool.forward(x); }, 0.02f, 1e-4, 1e-4, "maxpool dx", 100);
}

TEST(Pooling, AvgAndGlobalPoolBackwardMatchFiniteDifferences) {
  Tensor x = rnd({2, 3, 4, 4}, 13);
  AvgPool2d avg(PoolSpec{3, 2, 1});
  Tensor y = avg.forward(x);
  EXPECT_EQ(y.shape(), (Shape{2, 3, 2, 2}));
  EXPECT_NEAR(y.at({0, 0, 0, 0}), (x.at({0, 0, 0, 0}) + x.at({0, 0, 0, 1}) + x.at({0, 0, 1, 0}) + x.at({0, 0, 1, 1})) / 9.f,
              1e-6);  // padding counts as zeros
  Tensor r = rnd(y.shape(), 14);
  Tensor dx = avg.backward(r);
  expect_fd_grad(x, dx, r, [&] { return avg.forward(x); }, 0.25f, 1e-4, 1e-4, "avgpool dx");
  GlobalAvgPool gap;
  Tensor g = gap.forward(x);
  EXPECT_EQ(g.shape(), (Shape{2, 3}));
  Tensor rg = rnd(g.shape(), 15);
  Tensor dg = gap.backward(rg);
  expect_fd_grad(x, dg, rg, [&] { return gap.forward(x); }, 0.25f, 1e-4, 1e-4, "global pool dx");
}

}  // namespace
}  // namespace shiftadd::nn
