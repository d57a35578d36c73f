// Regression tests for "pure-add subnets stay at chance": the add op's weights must start at AdderNet's
// unit scale (not the conv init's ~0.05), its output channels must carry different features, and a tiny
// all-add network must learn a small slice of Fashion-MNIST well above chance.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "models/ops/activation.h"
#include "models/ops/adder.h"
#include "supernet_test_util.h"

namespace shiftadd::nn {
namespace {

double rms(const Tensor& t) { return std::sqrt(double(t.vec().squaredNorm()) / double(t.numel())); }

// Pearson correlation of channels a and b of y [N, C, H, W] over all samples and positions.
double channel_corr(const Tensor& y, int64_t a, int64_t b) {
  const int64_t N = y.dim(0), C = y.dim(1), P = y.dim(2) * y.dim(3);
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t p = 0; p < P; ++p) {
      const double u = y[(n * C + a) * P + p], v = y[(n * C + b) * P + p];
      sa += u, sb += v, saa += u * u, sbb += v * v, sab += u * v;
    }
  const double m = double(N * P), cov = sab / m - sa * sb / (m * m);
  return cov / std::sqrt((saa / m - sa * sa / (m * m)) * (sbb / m - sb * sb / (m * m)));
}

class AddScaleTest : public ::testing::TestWithParam<ShareMode> {};

TEST_P(AddScaleTest, AddWeightStartsAtAdderNetScale) {
  Rng rng(21);
  SharedOpLayer layer(16, 8, 1, GetParam(), rng);
  const double r = rms(layer.effective_weight(BlockType::kAdd));
  EXPECT_GT(r, 0.7) << "add weights at the conv init scale make -sum|x - w| the same for every channel";
  EXPECT_LT(r, 1.4);
}

TEST_P(AddScaleTest, AddOutputChannelsAreNotOneFeature) {
  Rng rng(22);
  SharedOpLayer layer(16, 8, 1, GetParam(), rng);
  const Tensor x = act_forward(ActKind::kReLU, Tensor::randn({4, 16, 8, 8}, rng));  // post-ReLU, like the net
  const Tensor y = adder_conv2d_forward(x, layer.effective_weight(BlockType::kAdd), nullptr, layer.spec);
  double worst = 0;
  for (int64_t c = 1; c < 8; ++c) worst = std::max(worst, channel_corr(y, 0, c));
  EXPECT_LT(worst, 0.9) << "all adder output channels are (almost) the same feature";
}

INSTANTIATE_TEST_SUITE_P(Modes, AddScaleTest,
                         ::testing::Values(ShareMode::kIndependent, ShareMode::kNaive, ShareMode::kHeterogeneous));

TEST(AddLearning, TinyAddOnlyNetLearnsAboveChance) {
  const std::string dir = testing::temp_run_dir("add_only");
  const std::string arch = dir + "_arch.yaml";
  std::ofstream(arch) << "space: tiny\nstages:\n  - [add, add]\n  - [add, add]\n";
  TrainOptions o = testing::tiny_train_options(dir);
  o.arch_path = arch;
  o.steps = 200;
  o.kl_coef = 0.f;  // the KL terms slow this 4-channel net down; the test is about the add op
  o.batch_size = 32;
  o.train_limit = 512;
  o.ckpt_every = 0;
  o.lr = 1e-2f;
  train_supernet(o);
  CvRun run = load_cv_run(dir);
  CvEvalOptions eo;
  eo.data_dir = test_data::kFashionMnistDir;
  eo.test_limit = 500;
  eo.bn_recalib = 2;
  eo.recalib_batch = 128;
  const double acc = eval_cv_subnet(run, load_arch(arch, run.space), eo).accuracy;
  EXPECT_GT(acc, 0.5) << "pure-add subnet learns too little (before the add gain: 0.31; chance 0.1)";
}

}  // namespace
}  // namespace shiftadd::nn
