#include <gtest/gtest.h>

#include <filesystem>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "models/supernet/checkpoint.h"
#include "supernet_test_util.h"

namespace shiftadd::nn {
namespace {

using testing::temp_run_dir;
using testing::tiny_train_options;

// Every tensor of two checkpoints is bit-identical.
void expect_same_checkpoint(const std::string& a, const std::string& b) {
  const Checkpoint ca = load_checkpoint(a), cb = load_checkpoint(b);
  ASSERT_EQ(ca.tensors.size(), cb.tensors.size());
  EXPECT_EQ(ca.meta.at("step"), cb.meta.at("step"));
  EXPECT_EQ(ca.meta.at("position"), cb.meta.at("position"));
  for (const auto& [name, t] : ca.tensors) {
    const Tensor& u = cb.tensors.at(name);
    ASSERT_EQ(t.shape(), u.shape()) << name;
    EXPECT_EQ(0, std::memcmp(t.data(), u.data(), size_t(t.numel()) * sizeof(float))) << name << " differs";
  }
}

bool any_difference(const std::string& a, const std::string& b) {
  const Checkpoint ca = load_checkpoint(a), cb = load_checkpoint(b);
  for (const auto& [name, t] : ca.tensors)
    if (name.rfind("param.", 0) == 0 &&
        std::memcmp(t.data(), cb.tensors.at(name).data(), size_t(t.numel()) * sizeof(float)) != 0)
      return true;
  return false;
}

TEST(SupernetTrain, SameSeedIsBitIdentical) {
  const std::string a = temp_run_dir("det_a"), b = temp_run_dir("det_b");
  const TrainSummary sa = train_supernet(tiny_train_options(a));
  train_supernet(tiny_train_options(b));
  EXPECT_EQ(sa.step, 6);
  EXPECT_TRUE(std::isfinite(sa.last_loss));
  expect_same_checkpoint(a + "/checkpoint.bin", b + "/checkpoint.bin");
}

TEST(SupernetTrain, InterruptedAndResumedRunEqualsUninterrupted) {
  const std::string full = temp_run_dir("full"), cut = temp_run_dir("cut");
  train_supernet(tiny_train_options(full));
  TrainOptions first = tiny_train_options(cut);
  first.stop_after = 4;  // killed after step 4: the last checkpoint is step 3
  EXPECT_EQ(train_supernet(first).step, 4);
  TrainOptions resume;
  resume.out_dir = cut;
  resume.resume = true;
  EXPECT_EQ(train_supernet(resume).step, 6);
  expect_same_checkpoint(full + "/checkpoint.bin", cut + "/checkpoint.bin");
}

TEST(SupernetTrain, KlTermsChangeTheTrajectory) {
  const std::string a = temp_run_dir("kl_on"), b = temp_run_dir("kl_off");
  TrainOptions on = tiny_train_options(a), off = tiny_train_options(b);
  on.steps = off.steps = 2;
  off.kl_coef = 0.f;
  const double loss_on = train_supernet(on).last_loss, loss_off = train_supernet(off).last_loss;
  EXPECT_NE(loss_on, loss_off) << "the KL terms must be part of the reported loss";
  EXPECT_TRUE(any_difference(a + "/checkpoint.bin", b + "/checkpoint.bin"));
}

TEST(SupernetTrain, SandwichRuleRuns) {
  TrainOptions o = tiny_train_options(temp_run_dir("sandwich"));
  o.steps = 2;
  o.sandwich = true;
  EXPECT_TRUE(std::isfinite(train_supernet(o).last_loss));
}

TEST(SupernetTrain, FixedArchTrainsOnlyThatSubnet) {
  const std::string dir = temp_run_dir("fixed");
  const std::string arch = dir + "_arch.yaml";
  std::ofstream(arch) << "space: tiny\nstages:\n  - [conv]\n  - [conv, conv]\n";
  TrainOptions o = tiny_train_options(dir);
  o.steps = 2;
  o.arch_path = arch;
  train_supernet(o);
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  for (float a : ck.tensors.at("param.s0.l0.T").values()) EXPECT_EQ(a, 1.f) << "T is used only by add/shift";
  EXPECT_EQ(ck.tensors.at("buffer.s0.l0.bn_add.num_batches_tracked")[0], 0.f);
  EXPECT_GT(ck.tensors.at("buffer.s0.l0.bn_conv.num_batches_tracked")[0], 0.f);
}

TEST(SupernetTrain, InitFromInheritsTheSupernetWeights) {
  const std::string base = temp_run_dir("init_base"), tuned = temp_run_dir("init_tuned");
  train_supernet(tiny_train_options(base));
  TrainOptions o = tiny_train_options(tuned);
  o.steps = 1;
  o.lr = 0.f;  // no update: the fine-tune run must hold exactly the inherited weights
  o.init_from = base;
  train_supernet(o);
  const Checkpoint a = load_checkpoint(base + "/checkpoint.bin"), b = load_checkpoint(tuned + "/checkpoint.bin");
  for (const auto& [name, t] : a.tensors)
    if (name.rfind("param.", 0) == 0) {
      EXPECT_EQ(0, std::memcmp(t.data(), b.tensors.at(name).data(), size_t(t.numel()) * sizeof(float))) << name;
    }
}

TEST(SupernetTrain, MissingDataSurfacesAsDataError) {
  TrainOptions o = tiny_train_options(temp_run_dir("nodata"));
  o.data_dir = "/nonexistent/fashion-mnist";
  EXPECT_THROW(train_supernet(o), DataError);
}

TEST(SupernetTrain, CorruptCheckpointIsDataError) {
  const std::string dir = temp_run_dir("corrupt");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/checkpoint.bin") << "SHIFTADD-CKPT1\n\x05";
  EXPECT_THROW(load_checkpoint(dir + "/checkpoint.bin"), DataError);
  EXPECT_THROW(load_checkpoint(dir + "/missing.bin"), DataError);
}

TEST(SupernetEval, InheritedEvalAndExport) {
  const std::string dir = temp_run_dir("eval");
  train_supernet(tiny_train_options(dir));
  CvRun run = load_cv_run(dir);
  EXPECT_EQ(run.step, 6);
  Arch arch;
  arch.stages = {{BlockType::kConv, BlockType::kAdd}, {BlockType::kShift, BlockType::kAttn}};
  CvEvalOptions eo;
  eo.data_dir = test_data::kFashionMnistDir;
  eo.test_limit = 200;
  eo.bn_recalib = 2;
  eo.recalib_batch = 32;
  const CvEvalResult r = eval_cv_subnet(run, arch, eo);
  EXPECT_EQ(r.count, 200);
  EXPECT_GE(r.accuracy, 0.0);
  EXPECT_LE(r.accuracy, 1.0);
  EXPECT_GT(r.params, 0);
  EXPECT_LT(r.params, run.net->num_params());
  const std::string out = dir + "/export";
  export_cv_subnet(run, arch, out);
  EXPECT_TRUE(std::filesystem::exists(out + "/arch.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out + "/manifest.json"));
  EXPECT_TRUE(std::filesystem::exists(out + "/weights/s0.l1.w.npy"));
  EXPECT_TRUE(std::filesystem::exists(out + "/weights/s0.l1.T.npy"));
  EXPECT_TRUE(std::filesystem::exists(out + "/weights/s1.l0.weight.npy"));
}

}  // namespace
}  // namespace shiftadd::nn
