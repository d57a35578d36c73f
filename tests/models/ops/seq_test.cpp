// Sequence ops: attention (FD, masks, cross-attention), embedding, cross-entropy, dropout.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "models/ops/attention.h"
#include "models/ops/cross_entropy.h"
#include "models/ops/dropout.h"
#include "models/ops/embedding.h"
#include "tests/models/ops/gradcheck.h"

namespace shiftadd::nn {
namespace {
using testing::bit_equal;
using testing::expect_fd_grad;
using testing::rnd;

constexpr float kH = 1e-2f;
constexpr double kTol = 2e-3;  // smooth ops; see norm_act_test.cpp for the error budget

TEST(Attention, SdpaBackwardMatchesFiniteDifferencesWithMasks) {
  AttnMask mask;
  mask.causal = true;
  mask.key_padding = {0, 0, 0, 1, 0, 0, 1, 1};  // B = 2, Tk = 4
  Tensor q = rnd({2, 4, 6}, 1), k = rnd({2, 4, 6}, 2), v = rnd({2, 4, 4}, 3);
  Tensor probs;
  Tensor out = sdpa_forward(q, k, v, 2, mask, &probs);
  Tensor r = rnd(out.shape(), 4);
  Tensor dq, dk, dv;
  sdpa_backward(q, k, v, probs, 2, r, dq, dk, dv);
  auto f = [&] { return sdpa_forward(q, k, v, 2, mask, nullptr); };
  expect_fd_grad(q, dq, r, f, kH, kTol, kTol, "dq");
  expect_fd_grad(k, dk, r, f, kH, kTol, kTol, "dk");
  expect_fd_grad(v, dv, r, f, kH, kTol, kTol, "dv");
}

TEST(Attention, CausalAndPaddingMasksHideKeys) {
  AttnMask mask;
  mask.causal = true;
  mask.key_padding = {0, 0, 0, 0, 0, 0, 0, 1};
  Tensor q = rnd({2, 4, 4}, 5), k = rnd({2, 4, 4}, 6), v = rnd({2, 4, 4}, 7);
  Tensor probs;
  Tensor out = sdpa_forward(q, k, v, 2, mask, &probs);
  for (int64_t bh = 0; bh < 4; ++bh)
    for (int64_t i = 0; i < 4; ++i) {
      double s = 0;
      for (int64_t j = 0; j < 4; ++j) {
        const float p = probs[(bh * 4 + i) * 4 + j];
        if (j > i || (bh >= 2 && j == 3)) EXPECT_EQ(p, 0.f);
        s += p;
      }
      EXPECT_NEAR(s, 1.0, 1e-6);
    }
  // Changing a future key/value (causal) or a padded one leaves the outputs unchanged.
  Tensor k2 = k, v2 = v;
  for (int64_t d = 0; d < 4; ++d) {
    k2.at({0, 3, d}) += 5.f, v2.at({0, 3, d}) -= 3.f;  // key 3 of batch 0: visible only to query 3
    k2.at({1, 3, d}) += 5.f, v2.at({1, 3, d}) -= 3.f;  // padded key of batch 1
  }
  Tensor out2 = sdpa_forward(q, k2, v2, 2, mask, nullptr);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t d = 0; d < 4; ++d) EXPECT_EQ(out.at({0, i, d}), out2.at({0, i, d}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t d = 0; d < 4; ++d) EXPECT_EQ(out.at({1, i, d}), out2.at({1, i, d}));
  EXPECT_NE(out.at({0, 3, 0}), out2.at({0, 3, 0}));
}

TEST(Attention, FullyMaskedRowOutputsZero) {
  AttnMask mask;
  mask.key_padding = {1, 1, 1};
  Tensor out = sdpa_forward(rnd({1, 2, 4}, 8), rnd({1, 3, 4}, 9), rnd({1, 3, 4}, 10), 1, mask, nullptr);
  for (float v : out.values()) EXPECT_EQ(v, 0.f);
  mask.key_padding = {1, 1};
  EXPECT_THROW(sdpa_forward(rnd({1, 2, 4}, 8), rnd({1, 3, 4}, 9), rnd({1, 3, 4}, 10), 1, mask, nullptr), InputError);
}

TEST(Attention, ModuleCrossAttentionBackwardMatchesFiniteDifferences) {
  Rng rng(11);
  MultiHeadAttention mha(8, 2, rng, 6);  // decoder dim 8 attends to encoder dim 6
  Tensor xq = rnd({2, 3, 8}, 12), xkv = rnd({2, 5, 6}, 13);
  AttnMask mask;
  mask.key_padding = {0, 0, 0, 0, 1, 0, 0, 1, 1, 1};
  Tensor y = mha.forward(xq, xkv, mask);
  EXPECT_EQ(y.shape(), (Shape{2, 3, 8}));
  Tensor r = rnd(y.shape(), 14);
  auto g = mha.backward(r);
  auto f = [&] { return mha.forward(xq, xkv, mask); };
  expect_fd_grad(xq, g.dquery, r, f, kH, kTol, kTol, "dquery");
  expect_fd_grad(xkv, g.dkey_value, r, f, kH, kTol, kTol, "dkey_value");
  auto params = mha.params("attn.");
  ASSERT_EQ(params.size(), 8u);
  EXPECT_EQ(params[2].first, "attn.k_proj.weight");
  for (auto& [name, p] : params) {
    Tensor grad = p->grad;
    expect_fd_grad(p->value, grad, r, f, kH, kTol, kTol, name.c_str(), 12);
  }
}

TEST(Attention, SelfAttentionBackwardSumsBothPaths) {
  Rng rng(15);
  MultiHeadAttention mha(4, 2, rng);
  Tensor x = rnd({1, 3, 4}, 16);
  AttnMask mask;
  mask.causal = true;
  Tensor y = mha.forward_self(x, mask);
  Tensor r = rnd(y.shape(), 17);
  Tensor dx = mha.backward_self(r);
  expect_fd_grad(x, dx, r, [&] { return mha.forward_self(x, mask); }, kH, kTol, kTol, "dx");
}

TEST(Embedding, ForwardBackwardAndPadding) {
  Rng rng(18);
  Embedding emb(5, 3, rng, 0);
  for (int d = 0; d < 3; ++d) EXPECT_EQ(emb.weight.value[d], 0.f);  // padding row starts at zero
  Tensor y = emb.forward({2, 0, 2, 4}, {2, 2});
  EXPECT_EQ(y.shape(), (Shape{2, 2, 3}));
  for (int d = 0; d < 3; ++d) EXPECT_EQ(y[d], emb.weight.value[2 * 3 + d]);
  Tensor dy = rnd(y.shape(), 19);
  emb.backward(dy);
  for (int d = 0; d < 3; ++d) {
    EXPECT_FLOAT_EQ(emb.weight.grad[2 * 3 + d], dy[d] + dy[6 + d]);  // repeated id accumulates
    EXPECT_EQ(emb.weight.grad[d], 0.f);                              // padding_idx gets no gradient
    EXPECT_EQ(emb.weight.grad[3 + d], 0.f);
  }
  EXPECT_THROW(emb.forward({5}, {1}), InputError);
  EXPECT_THROW(emb.forward({1, 2}, {3}), InputError);
}

TEST(CrossEntropy, LossAndGradientWithSmoothingAndIgnoreIndex) {
  Tensor logits = rnd({2, 3, 4}, 20, -2.f, 2.f);
  std::vector<int64_t> t{1, 3, -100, 0, 2, -100};
  CrossEntropyOptions opt;
  opt.label_smoothing = 0.1f;
  auto res = cross_entropy(logits, t, opt);
  EXPECT_EQ(res.count, 4);
  // Manual loss for the first row.
  double lse = 0;
  for (int c = 0; c < 4; ++c) lse += std::exp(double(logits[c]));
  lse = std::log(lse);
  double smooth = 0;
  for (int c = 0; c < 4; ++c) smooth += (lse - logits[c]) / 4.0;
  const double row0 = 0.9 * (lse - logits[1]) + 0.1 * smooth;
  auto only0 = cross_entropy(logits, {1, -100, -100, -100, -100, -100}, opt);
  EXPECT_NEAR(only0.loss, row0, 1e-5);
  for (int c = 0; c < 4; ++c) EXPECT_EQ(res.dlogits[2 * 4 + c], 0.f);  // ignored row
  // Finite differences of the mean loss: L = loss, r = 1 on a scalar output.
  Tensor one({1}, 1.f);
  expect_fd_grad(logits, res.dlogits, one,
                 [&] { return Tensor({1}, float(cross_entropy(logits, t, opt).loss)); }, kH, kTol, kTol, "dlogits");
  EXPECT_THROW(cross_entropy(logits, {0, 1, 2, 3, 4, 0}, opt), InputError);
  EXPECT_THROW(cross_entropy(logits, {0, 1}, opt), InputError);
  auto none = cross_entropy(logits, std::vector<int64_t>(6, -100));
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.loss, 0.0);
}

TEST(Dropout, DeterministicMaskAndEvalIdentity) {
  Tensor x = rnd({1000}, 21);
  Dropout a(0.3f, 7), b(0.3f, 7);
  Tensor ya = a.forward(x), yb = b.forward(x);
  EXPECT_TRUE(bit_equal(ya, yb));
  int64_t zeros = 0;
  for (int64_t i = 0; i < x.numel(); ++i) {
    if (ya[i] == 0) ++zeros;
    else EXPECT_FLOAT_EQ(ya[i], x[i] / 0.7f);
  }
  EXPECT_GT(zeros, 230);
  EXPECT_LT(zeros, 370);
  Tensor dy(x.shape(), 1.f);
  Tensor dx = a.backward(dy);
  for (int64_t i = 0; i < x.numel(); ++i) EXPECT_EQ(dx[i] == 0, ya[i] == 0);
  a.reseed(7);
  EXPECT_TRUE(bit_equal(a.forward(x), ya));
  a.set_training(false);
  EXPECT_TRUE(bit_equal(a.forward(x), x));
  EXPECT_THROW(Dropout(1.f), InputError);
}

}  // namespace
}  // namespace shiftadd::nn
