// Optimizers against hand-computed updates, the cosine schedule, and determinism of the parallel
// kernels (bit-identical across runs and across thread counts).
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>

#include "models/ops/adder.h"
#include "models/ops/attention.h"
#include "models/ops/conv2d.h"
#include "models/ops/linear.h"
#include "models/optim/optimizer.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::bit_equal;
using testing::rnd;

TEST(Optim, SgdMomentumMatchesHandComputation) {
  Param p(Tensor({2}, std::vector<float>{1.f, -2.f}));
  Sgd sgd({{"w", &p}}, SgdOptions{0.9f, 0.1f, false});
  p.grad = Tensor({2}, std::vector<float>{0.5f, 1.f});
  sgd.step(0.1f);  // g = 0.5 + 0.1*1 = 0.6; buf = 0.6; w = 1 - 0.06
  EXPECT_FLOAT_EQ(p.value[0], 0.94f);
  p.grad = Tensor({2}, std::vector<float>{0.5f, 1.f});
  sgd.step(0.1f);  // g = 0.5 + 0.094 = 0.594; buf = 0.54 + 0.594 = 1.134; w = 0.94 - 0.1134
  EXPECT_NEAR(p.value[0], 0.8266f, 1e-6);
  EXPECT_EQ(sgd.step_count, 2);
  EXPECT_EQ(sgd.state()[0].first, "momentum.w");
}

TEST(Optim, AdamWMatchesHandComputation) {
  Param p(Tensor({1}, 2.f)), b(Tensor({1}, 2.f), 0.f);  // b: no weight decay
  AdamW opt({{"w", &p}, {"b", &b}}, AdamWOptions{0.9f, 0.999f, 1e-8f, 0.1f});
  p.grad[0] = 0.5f, b.grad[0] = 0.5f;
  opt.step(0.01f);
  // Step 1: m_hat = g, v_hat = g^2 -> update lr * sign(g); decay multiplies by (1 - lr * wd) first.
  EXPECT_NEAR(p.value[0], 2.f * (1 - 0.001f) - 0.01f, 1e-6);
  EXPECT_NEAR(b.value[0], 2.f - 0.01f, 1e-6);
  p.grad[0] = -0.25f, b.grad[0] = -0.25f;
  opt.step(0.01f);
  const double m = 0.9 * 0.05 + 0.1 * -0.25, v = 0.999 * 0.00025 + 0.001 * 0.0625;
  const double upd = 0.01 * (m / (1 - 0.81)) / (std::sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
  EXPECT_NEAR(b.value[0], 2.0 - 0.01 - upd, 1e-6);
  EXPECT_EQ(opt.state().size(), 4u);
}

TEST(Optim, StepAppliesAdderHook) {
  Param p(Tensor({4}, 0.f));
  p.hook = GradHook::kAdderAdaptive;
  p.grad = Tensor({4}, std::vector<float>{3.f, 0.f, 4.f, 0.f});  // ||g|| = 5, sqrt(k) = 2
  Sgd sgd({{"w", &p}}, SgdOptions{0.f, 0.f, false});
  sgd.step(1.f);
  EXPECT_NEAR(p.value[0], -0.2f * 2.f * 3.f / 5.f, 1e-6);
  EXPECT_NEAR(p.value[2], -0.2f * 2.f * 4.f / 5.f, 1e-6);
}

TEST(Optim, CosineSchedule) {
  EXPECT_FLOAT_EQ(cosine_lr(0, 100, 1.f, 0.f, 10), 0.1f);
  EXPECT_FLOAT_EQ(cosine_lr(9, 100, 1.f, 0.f, 10), 1.f);
  EXPECT_FLOAT_EQ(cosine_lr(10, 100, 1.f, 0.f, 10), 1.f);
  EXPECT_NEAR(cosine_lr(55, 100, 1.f, 0.f, 10), 0.5f, 1e-6);
  EXPECT_NEAR(cosine_lr(100, 100, 1.f, 0.1f, 10), 0.1f, 1e-6);
  EXPECT_NEAR(cosine_lr(500, 100, 1.f, 0.1f, 10), 0.1f, 1e-6);
}

// One forward/backward of several kernels, sized to take their parallel paths.
std::vector<Tensor> run_kernels() {
  std::vector<Tensor> out;
  const Conv2dSpec s = Conv2dSpec::square(3, 1, 1);
  Tensor x = rnd({16, 8, 14, 14}, 1), w = rnd({16, 8, 3, 3}, 2);
  Tensor y = conv2d_forward(x, w, nullptr, s);
  Tensor dw = Tensor::zeros_like(w);
  out.push_back(y);
  out.push_back(conv2d_backward(x, w, y, s, &dw, nullptr));
  out.push_back(dw);
  Tensor ya = adder_conv2d_forward(x, w, nullptr, s);
  Tensor dwa = Tensor::zeros_like(w);
  out.push_back(adder_conv2d_backward(x, w, ya, s, &dwa, nullptr));
  out.push_back(dwa);
  Tensor xl = rnd({512, 64}, 3), wl = rnd({128, 64}, 4);
  Tensor yl = linear_forward(xl, wl, nullptr);
  Tensor dwl = Tensor::zeros_like(wl);
  out.push_back(linear_backward(xl, wl, yl, &dwl, nullptr));
  out.push_back(dwl);
  Tensor q = rnd({8, 16, 32}, 5), probs;
  Tensor o = sdpa_forward(q, q, q, 4, AttnMask{}, &probs);
  Tensor dq, dk, dv;
  sdpa_backward(q, q, q, probs, 4, o, dq, dk, dv);
  out.insert(out.end(), {o, dq, dk, dv});
  return out;
}

TEST(Determinism, BitIdenticalAcrossRunsAndThreadCounts) {
  const auto a = run_kernels();
  const auto b = run_kernels();
  std::vector<Tensor> c;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    c = run_kernels();
  }
  ASSERT_EQ(a.size(), c.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(bit_equal(a[i], b[i])) << "output " << i << " differs between runs";
    EXPECT_TRUE(bit_equal(a[i], c[i])) << "output " << i << " differs with one thread";
  }
}

}  // namespace
}  // namespace shiftadd::nn
