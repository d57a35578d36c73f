// Fixed-point inference of a trained tiny subnet (models/quant/quant_subnet.*): the float path is the
// supernet's own forward, each integer layer is lower -> int_gemm -> output stage with PE sums that match
// a plain re-computation, and int8 accuracy stays within a stated bound of float.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "models/quant/quant_subnet.h"
#include "supernet_test_util.h"

namespace shiftadd::nn {
namespace {

class QuantSubnetTest : public ::testing::Test {
 protected:
  // One short standalone run shared by the tests (conv, add, shift and attn on the path).
  static void SetUpTestSuite() {
    dir_ = new std::string(testing::temp_run_dir("quant"));
    arch_path_ = new std::string(*dir_ + "_arch.yaml");
    std::ofstream(*arch_path_) << "space: tiny\nstages:\n  - [conv, add]\n  - [shift, attn]\n";
    TrainOptions o = testing::tiny_train_options(*dir_);
    o.arch_path = *arch_path_;
    o.steps = 200;
    o.kl_coef = 0.f;  // KL slows this 4-channel net down; the bound needs a net that learnt something
    o.batch_size = 32;
    o.train_limit = 512;
    o.ckpt_every = 0;
    o.lr = 1e-2f;
    train_supernet(o);
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete arch_path_;
  }
  static Tensor test_batch(int64_t n) {
    data::FashionMnistOptions fo;
    fo.dir = test_data::kFashionMnistDir;
    fo.limit = n;
    const data::ImageSet test = data::load_fashion_mnist(data::MnistSplit::kTest, fo);
    std::vector<int64_t> idx(static_cast<size_t>(n)), labels;
    for (int64_t i = 0; i < n; ++i) idx[size_t(i)] = i;
    return images_to_tensor(test, idx, labels);
  }
  static std::string* dir_;
  static std::string* arch_path_;
};
std::string* QuantSubnetTest::dir_ = nullptr;
std::string* QuantSubnetTest::arch_path_ = nullptr;

TEST_F(QuantSubnetTest, FloatPathIsTheSupernetForward) {
  CvRun run = load_cv_run(*dir_);
  const Arch arch = load_arch(*arch_path_, run.space);
  quant::QuantizedSubnet q(*run.net, arch);
  const Tensor x = test_batch(16);
  const Tensor a = q.forward(x, false), b = run.net->forward(x, arch);
  ASSERT_EQ(a.shape(), b.shape());
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), size_t(a.numel()) * sizeof(float)));
}

TEST_F(QuantSubnetTest, IntegerLayersAreIntGemmBitForBit) {
  CvRun run = load_cv_run(*dir_);
  const Arch arch = load_arch(*arch_path_, run.space);
  quant::QuantizedSubnet q(*run.net, arch);
  const Tensor x = test_batch(8);
  q.calibrate(x);
  q.finalize();
  // stem (mult), conv (mult), add, shift, head (mult); the attn block's GEMMs are counted in integer_ops.
  ASSERT_EQ(q.layers().size(), 5u);
  // attn without patch merge: q, k, v, out, fc1, fc2 projections + Q K^T + P V.
  EXPECT_EQ(q.integer_ops(), 5 + 8);
  EXPECT_EQ(q.layers()[2].pe, PeKind::kAdd);
  EXPECT_EQ(q.layers()[3].pe, PeKind::kShift);
  const quant::QuantizedLayer& stem = q.layers()[0];
  const auto jobs = stem.lower(x);
  std::vector<std::vector<int64_t>> accs;
  for (const auto& job : jobs) {
    accs.push_back(quant::parallel_int_gemm(stem.pe, stem.opt.acc, job));
    for (int64_t m = 0; m < job.M; m += 97)  // plain sum of 8-bit products (no overflow at 32 bits)
      for (int64_t n = 0; n < job.N; ++n) {
        int64_t s = 0;
        for (int64_t k = 0; k < job.K; ++k) s += job.A[size_t(m * job.K + k)] * job.B[size_t(k * job.N + n)];
        ASSERT_EQ(accs.back()[size_t(m * job.N + n)], s);
      }
  }
  const Tensor y = stem.forward(x), y2 = stem.finish(x.shape(), accs);
  EXPECT_EQ(0, std::memcmp(y.data(), y2.data(), size_t(y.numel()) * sizeof(float)));
  // The quantized forward is deterministic and differs from the float one (it really is quantized).
  const Tensor l1 = q.forward(x, true), l2 = q.forward(x, true), f = q.forward(x, false);
  EXPECT_EQ(0, std::memcmp(l1.data(), l2.data(), size_t(l1.numel()) * sizeof(float)));
  EXPECT_NE(0, std::memcmp(l1.data(), f.data(), size_t(l1.numel()) * sizeof(float)));
}

// The calibration pass runs the attention block op by op (to observe every GEMM operand); it must still be
// the supernet's forward bit for bit, with and without a patch merge in the block.
TEST_F(QuantSubnetTest, CalibrationPassIsTheFloatForward) {
  CvRun run = load_cv_run(*dir_);
  const Tensor x = test_batch(8);
  for (const char* stages : {"[conv, add], [shift, attn]", "[conv], [attn, shift]"}) {
    const std::string path = *dir_ + "_arch2.yaml";
    std::ofstream(path) << "space: tiny\nstages: [" << stages << "]\n";
    const Arch arch = load_arch(path, run.space);
    quant::QuantizedSubnet q(*run.net, arch);
    const Tensor c = q.calibrate(x), f = q.forward(x, false);
    ASSERT_EQ(c.shape(), f.shape());
    EXPECT_EQ(0, std::memcmp(c.data(), f.data(), size_t(c.numel()) * sizeof(float))) << stages;
  }
}

// With attention lowered, the integer path differs from the float-attention one but stays close to float.
TEST_F(QuantSubnetTest, AttentionMatmulsAreLowered) {
  CvRun run = load_cv_run(*dir_);
  const std::string path = *dir_ + "_arch3.yaml";
  std::ofstream(path) << "space: tiny\nstages: [[conv], [attn, shift]]\n";
  const Arch arch = load_arch(path, run.space);
  const Tensor x = test_batch(16);
  quant::QuantOptions off;
  off.attention = false;
  quant::QuantizedSubnet qa(*run.net, arch), qf(*run.net, arch, off);
  for (quant::QuantizedSubnet* q : {&qa, &qf}) {
    q->calibrate(x);
    q->finalize();
  }
  EXPECT_EQ(qf.integer_ops(), 4);          // stem, conv, shift, head
  EXPECT_EQ(qa.integer_ops(), 4 + 7 + 2);  // + merge conv, 6 projections, Q K^T, P V
  const Tensor a = qa.forward(x, true), b = qf.forward(x, true), f = qa.forward(x, false);
  EXPECT_NE(0, std::memcmp(a.data(), b.data(), size_t(a.numel()) * sizeof(float)));
  double err = 0, ref = 0;
  for (int64_t i = 0; i < f.numel(); ++i) {
    err += double(a[i] - f[i]) * double(a[i] - f[i]);
    ref += double(f[i]) * double(f[i]);
  }
  EXPECT_LT(std::sqrt(err / ref), 0.1) << "int8 logits within 10% (relative RMS) of float";
}

TEST_F(QuantSubnetTest, Int8AccuracyWithinThreePointsOfFloat) {
  CvRun run = load_cv_run(*dir_);
  const Arch arch = load_arch(*arch_path_, run.space);
  CvEvalOptions eo;
  eo.data_dir = test_data::kFashionMnistDir;
  eo.test_limit = 500;
  eo.recalib_batch = 128;
  const quant::QuantEvalResult r = quant::eval_quantized(run, arch, eo, 2);
  EXPECT_EQ(r.count, 500);
  EXPECT_GT(r.float_accuracy, 0.45) << "the tiny net must have learnt something for the bound to mean anything";
  EXPECT_NEAR(r.quant_accuracy, r.float_accuracy, 0.03);
}

TEST_F(QuantSubnetTest, QuantizedEvalRejectsZeroCalibrationBatches) {
  CvRun run = load_cv_run(*dir_);
  EXPECT_THROW(quant::eval_quantized(run, load_arch(*arch_path_, run.space), CvEvalOptions{}, 0), InputError);
}

}  // namespace
}  // namespace shiftadd::nn
