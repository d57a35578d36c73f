// The training skeleton (train_loop.h) with a fake task: resume, checkpoint cadence, progress lines, and the
// task-polymorphic evaluator of task.h.
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

#include "core/error.h"
#include "core/text_file.h"
#include "models/supernet/checkpoint.h"
#include "models/supernet/task.h"
#include "supernet_test_util.h"

namespace shiftadd::nn {
namespace {

// One 4-vector trained by AdamW; its gradient depends on the batch, the path and the step RNG, so any
// difference in data order, path sampling or RNG state between two runs shows up in the weights.
class FakeTask : public TrainTask {
 public:
  explicit FakeTask(const TrainOptions& o) : o_(o) {}
  TrainOptions& options() override { return o_; }
  nlohmann::json options_json() const override { return common_options_json(o_); }
  void load_options(const std::string& file) override {
    o_ = TrainOptions{};
    read_common_options(nlohmann::json::parse(read_text_file(file)), o_);
  }
  void check_space(const SearchSpace& space, const std::string& file) const override {
    if (space.task != Task::kCv) throw InputError(file + ": not a CV space");
  }
  void prepare(const SearchSpace&) override {
    w_ = Param(Tensor({4}));
    optim_ = std::make_unique<AdamW>(ParamList{{"w", &w_}});
  }
  int64_t num_samples() const override { return 40; }
  void init_from(const std::string&) override { ADD_FAILURE() << "not used"; }
  Optimizer& optimizer() override { return *optim_; }
  BufferList state() override {
    BufferList refs{{"param.w", &w_.value}};
    for (auto& [n, t] : optim_->state()) refs.emplace_back("optim." + n, t);
    return refs;
  }
  nlohmann::json checkpoint_meta() const override { return {{"task", "fake"}}; }
  void on_final_checkpoint(int64_t step) override { final_steps.push_back(step); }
  uint64_t rng_salt() const override { return 0x9E3779B97F4A7C15ULL; }
  int64_t max_warmup() const override { return 2; }
  Arch sandwich_arch(const SearchSpace& sp, Rng& rng, bool) const override { return sample_arch(sp, rng); }
  void set_batch(const std::vector<int64_t>& idx) override {
    batch_sum_ = 0;
    for (int64_t i : idx) batch_sum_ += double(i);
    ++batches;
  }
  PathResult train_path(const Arch& a, Rng& rng, float share) override {
    const double depth = double(a.stages[0].size() + a.stages[1].size());
    for (int64_t i = 0; i < 4; ++i)
      w_.grad[i] += float((batch_sum_ * 0.01 + depth + rng.uniform01() - w_.value[i]) * share);
    ++paths;
    return {double(w_.value[0]), 0.0, 1, 2};
  }
  const char* acc_name() const override { return "fake-acc"; }
  const char* rate_unit() const override { return "items/s"; }
  const char* sample_unit() const override { return "items"; }

  int64_t batches = 0, paths = 0;
  std::vector<int64_t> final_steps;

 private:
  TrainOptions o_;
  Param w_;
  std::unique_ptr<AdamW> optim_;
  double batch_sum_ = 0;
};

TrainOptions fake_options(const std::string& dir) {
  TrainOptions o;
  o.space_path = testing::tiny_space_path();
  o.out_dir = dir;
  o.steps = 7, o.batch_size = 8, o.ckpt_every = 3, o.log_every = 2, o.seed = 5, o.lr = 0.1f;
  o.sandwich = true;
  return o;
}

std::vector<float> checkpoint_values(const std::string& dir) {
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  std::vector<float> v;
  for (const auto& [n, t] : ck.tensors) v.insert(v.end(), t.values().begin(), t.values().end());
  return v;
}

TEST(TrainLoop, FakeTaskResumeGivesTheIdenticalState) {
  const std::string full = testing::temp_run_dir("loop_full"), cut = testing::temp_run_dir("loop_cut");
  FakeTask a(fake_options(full));
  const TrainSummary sa = run_training(a);
  EXPECT_EQ(sa.step, 7);
  EXPECT_EQ(a.batches, 7);
  EXPECT_EQ(a.paths, 21) << "sandwich: three paths per step";
  EXPECT_EQ(a.final_steps, std::vector<int64_t>{7});
  EXPECT_EQ(sa.sample_unit, "items");
  EXPECT_GT(sa.samples_per_s, 0.0);

  TrainOptions first = fake_options(cut);
  first.stop_after = 5;  // killed after step 5: the last checkpoint is step 3
  FakeTask b(first);
  EXPECT_EQ(run_training(b).step, 5);
  EXPECT_TRUE(b.final_steps.empty());
  EXPECT_EQ(load_checkpoint(cut + "/checkpoint.bin").meta.at("step"), 3);
  TrainOptions rest;
  rest.out_dir = cut;
  rest.resume = true;
  FakeTask c(rest);
  EXPECT_EQ(run_training(c).step, 7);
  EXPECT_EQ(c.batches, 4) << "resume continues at step 3";
  EXPECT_EQ(c.options().steps, 7) << "resume reads the options back from run.json";
  EXPECT_EQ(checkpoint_values(full), checkpoint_values(cut));
  const Checkpoint ck = load_checkpoint(full + "/checkpoint.bin");
  EXPECT_EQ(ck.meta.at("task"), "fake");
  EXPECT_EQ(ck.meta.at("optim_steps"), 7);
  EXPECT_EQ(ck.meta.at("seed"), 5);
}

TEST(TrainLoop, ProgressLinesAndCheckpointMarks) {
  std::ostringstream log;
  TrainOptions o = fake_options(testing::temp_run_dir("loop_log"));
  o.log = &log;
  FakeTask t(o);
  run_training(t);
  std::vector<std::string> lines;
  std::istringstream in(log.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 4u) << log.str();  // steps 2, 4, 6 and the last, 7
  EXPECT_NE(lines[0].find("step 2/7"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("fake-acc 0.500"), std::string::npos) << lines[0];
  EXPECT_NE(lines[2].find("items/s [checkpoint]"), std::string::npos) << lines[2];  // step 6
  EXPECT_EQ(lines[1].find("[checkpoint]"), std::string::npos) << lines[1];         // step 4
  EXPECT_NE(lines[3].find("[100%] step 7/7"), std::string::npos) << lines[3];
}

TEST(TrainLoop, WrongSpaceKindIsInputError) {
  TrainOptions o = fake_options(testing::temp_run_dir("loop_nlp_space"));
  o.space_path = SHIFTADD_SOURCE_DIR "/configs/space/freedict.yaml";
  FakeTask t(o);
  EXPECT_THROW(run_training(t), InputError);
}

// The task-polymorphic evaluator gives what the CV functions give, under the metric's name.
TEST(TaskEvaluator, CvRunEvaluatesAndReportsThroughOneInterface) {
  const std::string dir = testing::temp_run_dir("task_eval");
  const TrainSummary s = train_supernet(testing::tiny_train_options(dir));
  EXPECT_EQ(s.sample_unit, "images");
  EXPECT_EQ(space_task(dir), Task::kCv);
  const std::unique_ptr<SubnetEvaluator> run = load_run(dir);
  EXPECT_EQ(run->step(), 6);
  Arch arch;
  arch.stages = {{BlockType::kConv}, {BlockType::kAttn, BlockType::kAdd}};
  SubnetEvalOptions opt;
  opt.cv.data_dir = test_data::kFashionMnistDir;
  opt.cv.test_limit = 100;
  const SubnetScore score = run->evaluate(arch, opt);
  CvRun cv = load_cv_run(dir);
  EXPECT_EQ(score.metric, "top1");
  EXPECT_EQ(score.value, eval_cv_subnet(cv, arch, opt.cv).accuracy);
  std::ostringstream out;
  EXPECT_EQ(run->report(arch, opt, out).value, score.value);
  EXPECT_NE(out.str().find("test accuracy"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace shiftadd::nn
