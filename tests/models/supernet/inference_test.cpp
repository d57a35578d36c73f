// Inference mode (Module::set_inference): forward keeps nothing for backward, and must not change a bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "models/supernet/cv_supernet.h"
#include "supernet_test_util.h"

namespace shiftadd::nn {
namespace {

bool bit_equal(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), size_t(a.numel()) * sizeof(float)) == 0;
}

std::vector<Arch> archs() {
  using B = BlockType;
  Arch a;
  a.stages = {{B::kConv, B::kShift}, {B::kAttn, B::kAttn}};  // residual conv/shift, downsampling and plain attn
  Arch b;
  b.stages = {{B::kAdd}, {B::kAdd, B::kConv}};
  return {a, b};
}

class InferenceTest : public ::testing::Test {
 protected:
  SearchSpace sp_ = load_space(testing::tiny_space_path());
  CvSupernet net_{sp_.cv, ShareMode::kHeterogeneous, 5};
  Tensor x_ = [] { Rng r(3); return Tensor::randn({6, 1, 28, 28}, r); }();
};

TEST_F(InferenceTest, EvalForwardIsBitIdentical) {
  net_.set_training(false);
  for (const Arch& a : archs()) {
    const Tensor kept = net_.forward(x_, a);
    EXPECT_TRUE(bit_equal(net_.forward(x_, a), kept)) << "repeat";
    const InferenceScope scope(net_);
    const Tensor inf = net_.forward(x_, a);
    EXPECT_TRUE(bit_equal(inf, kept)) << arch_key(a, sp_) << " " << inf[0] << " " << kept[0];
  }
}

TEST_F(InferenceTest, TrainingForwardAndRunningStatisticsAreBitIdentical) {
  // BN recalibration runs BatchNorm in training mode under inference.
  CvSupernet other(sp_.cv, ShareMode::kHeterogeneous, 5);
  const InferenceScope scope(other);
  for (const Arch& a : archs()) {
    EXPECT_TRUE(bit_equal(other.forward(x_, a), net_.forward(x_, a)));
    for (size_t i = 0; i < net_.batchnorms(a).size(); ++i) {
      EXPECT_TRUE(bit_equal(other.batchnorms(a)[i]->running_mean, net_.batchnorms(a)[i]->running_mean));
      EXPECT_TRUE(bit_equal(other.batchnorms(a)[i]->running_var, net_.batchnorms(a)[i]->running_var));
    }
  }
}

TEST_F(InferenceTest, BackwardAfterAnInferenceForwardThrows) {
  const Arch a = archs()[0];
  {
    const InferenceScope scope(net_);
    const Tensor y = net_.forward(x_, a);
    try {
      net_.backward(Tensor(y.shape(), 1.f));
      FAIL() << "backward ran without kept activations";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("backward without a kept forward (inference mode?)"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_FALSE(net_.inference());  // the scope restored the flag, so training works again
  const Tensor y = net_.forward(x_, a);
  EXPECT_NO_THROW(net_.backward(Tensor(y.shape(), 1.f)));
}

// Fixed kernels (gemm_fixed, fused BatchNorm/ReLU/shortcut) change the last bits, not the network; every
// choice is covered (conv, shift fused; add and attn unchanged); the scope restores Eigen afterwards.
TEST_F(InferenceTest, FixedKernelsAreCloseToEigenAndScoped) {
  net_.set_training(false);
  for (const Arch& a : archs()) {
    const Tensor eigen = net_.forward(x_, a);
    Tensor fixed;
    {
      const InferenceScope scope(net_, Kernels::kFixed);
      EXPECT_TRUE(net_.fixed_kernels());
      fixed = net_.forward(x_, a);
      EXPECT_TRUE(bit_equal(net_.forward(x_, a), fixed)) << "repeat";
    }
    EXPECT_FALSE(net_.fixed_kernels());
    ASSERT_EQ(fixed.shape(), eigen.shape());
    for (int64_t i = 0; i < fixed.numel(); ++i) ASSERT_NEAR(fixed[i], eigen[i], 1e-3f * (1 + std::abs(eigen[i]))) << i;
    EXPECT_TRUE(bit_equal(net_.forward(x_, a), eigen)) << "Eigen again after the scope";
  }
}

// A conv/shift path under fixed kernels runs a few images at a time through the whole network
// (cv_fixed_batches.cpp); its logits must have the bits of the layer-by-layer fused forward, also for batches
// that split unevenly. (The head is Eigen's, so a logit may still depend on the batch, as in PyTorch.)
TEST_F(InferenceTest, FixedKernelBatchesHaveTheBitsOfTheLayerByLayerForward) {
  using B = BlockType;
  Arch a;
  a.stages = {{B::kConv, B::kShift}, {B::kShift, B::kConv}};
  net_.set_training(false);
  const InferenceScope scope(net_, Kernels::kFixed);
  ASSERT_TRUE(net_.fixed_batches_apply(a));
  EXPECT_FALSE(net_.fixed_batches_apply(archs()[0])) << "attn blocks run layer by layer";
  for (int64_t n : {1, 6, 13}) {
    Rng r(static_cast<uint64_t>(n));
    const Tensor x = Tensor::randn({n, 1, 28, 28}, r);
    const Tensor batched = net_.forward(x, a);
    Tensor h = net_.forward_stem(x);
    for (size_t s = 0; s < a.stages.size(); ++s)
      for (size_t l = 0; l < a.stages[s].size(); ++l) h = net_.forward_block(s, l, a.stages[s][l], h);
    EXPECT_TRUE(bit_equal(batched, net_.forward_head(h))) << "batch " << n;
  }
}

TEST_F(InferenceTest, FixedKernelsRecalibrateUnfused) {
  // BatchNorm in training mode (recalibration) takes its statistics from the batch: no fused epilogue.
  CvSupernet other(sp_.cv, ShareMode::kHeterogeneous, 5);
  const InferenceScope scope(other, Kernels::kFixed);
  const Arch a = archs()[0];
  other.forward(x_, a);
  net_.forward(x_, a);
  for (size_t i = 0; i < net_.batchnorms(a).size(); ++i)
    for (int64_t c = 0; c < net_.batchnorms(a)[i]->channels; ++c)
      ASSERT_NEAR(other.batchnorms(a)[i]->running_var[c], net_.batchnorms(a)[i]->running_var[c], 1e-4f);
}

TEST(Inference, KernelsParseByName) {
  EXPECT_EQ(parse_kernels("fixed"), Kernels::kFixed);
  EXPECT_EQ(parse_kernels("eigen"), Kernels::kEigen);
  EXPECT_STREQ(to_string(Kernels::kFixed), "fixed");
  EXPECT_THROW(parse_kernels("fast"), InputError);
}

TEST(Inference, LayersKeepNothingAndRefuseBackward) {
  Rng r(1);
  Linear lin(4, 3, true, r);
  BatchNorm bn(3);
  LayerNorm ln(4);
  const Tensor x = Tensor::randn({5, 4}, r), x3 = Tensor::randn({5, 3}, r);
  for (Layer* l : std::initializer_list<Layer*>{&lin, &bn, &ln}) l->set_inference(true);
  const Tensor ones3(Shape{5, 3}, 1.f), ones4(Shape{5, 4}, 1.f);
  lin.forward(x);
  bn.forward(x3);
  ln.forward(x);
  EXPECT_THROW(lin.backward(ones3), InputError);
  EXPECT_THROW(bn.backward(ones3), InputError);
  EXPECT_THROW(ln.backward(ones4), InputError);
}

}  // namespace
}  // namespace shiftadd::nn
