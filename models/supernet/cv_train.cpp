// The CV task of the training skeleton: Fashion-MNIST batches through the CvSupernet.
#include <algorithm>
#include <memory>

#include "core/error.h"
#include "core/text_file.h"
#include "models/ops/cross_entropy.h"
#include "models/supernet/checkpoint.h"
#include "models/supernet/cv_train.h"

namespace shiftadd::nn {
namespace {

nlohmann::json options_json(const TrainOptions& o) {
  nlohmann::json j = common_options_json(o);
  j["kl_coef"] = o.kl_coef, j["mode"] = to_string(o.mode), j["data_dir"] = o.data_dir;
  return j;
}

TrainOptions options_from_json(const nlohmann::json& j, const std::string& file) {
  TrainOptions o;
  try {
    read_common_options(j, o);
    o.kl_coef = j.at("kl_coef");
    o.mode = parse_share_mode(j.at("mode").get<std::string>());
    o.data_dir = j.at("data_dir");
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("bad run options: ") + e.what());
  }
  return o;
}

data::ImageSet training_images(const TrainOptions& o) {
  data::FashionMnistOptions fo;
  fo.dir = o.data_dir;
  fo.limit = o.train_limit;
  data::ImageSet full = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  if (o.train_limit > 0) return full;
  return data::split_train_valid(full, data::kFashionMnistValidSize, data::kFashionMnistValidSeed).train;
}

BufferList net_state(CvSupernet& net) {
  BufferList refs;
  for (auto& [n, p] : net.params()) refs.emplace_back("param." + n, &p->value);
  for (auto& [n, b] : net.buffers()) refs.emplace_back("buffer." + n, b);
  return refs;
}

void check_cv_space(const SearchSpace& space, const std::string& file) {
  if (space.task != Task::kCv) throw InputError(file + ": not a CV space");
}

class CvTrainTask : public TrainTask {
 public:
  explicit CvTrainTask(const TrainOptions& o) : o_(o) {}
  TrainOptions& options() override { return o_; }
  nlohmann::json options_json() const override { return nn::options_json(o_); }
  void load_options(const std::string& file) override {
    o_ = options_from_json(nlohmann::json::parse(read_text_file(file)), file);
  }
  void check_space(const SearchSpace& space, const std::string& file) const override { check_cv_space(space, file); }
  void prepare(const SearchSpace& space) override {
    train_ = training_images(o_);
    net_ = std::make_unique<CvSupernet>(space.cv, o_.mode, o_.seed);
    optim_ = std::make_unique<AdamW>(net_->params(), AdamWOptions{0.9f, 0.999f, 1e-8f, o_.weight_decay});
  }
  int64_t num_samples() const override { return train_.size(); }
  void init_from(const std::string& dir) override {  // weights and BN buffers, not the optimizer
    const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
    for (auto& [n, t] : net_state(*net_)) ck.restore(n, *t);
  }
  Optimizer& optimizer() override { return *optim_; }
  BufferList state() override {
    BufferList refs = net_state(*net_);
    for (auto& [n, t] : optim_->state()) refs.emplace_back("optim." + n, t);
    return refs;
  }
  nlohmann::json checkpoint_meta() const override { return {{"mode", to_string(o_.mode)}}; }
  uint64_t rng_salt() const override { return 0xD1B54A32D192ED03ULL; }
  int64_t max_warmup() const override { return 100; }
  // Deepest or shallowest depth per stage, random block types.
  Arch sandwich_arch(const SearchSpace& sp, Rng& rng, bool deepest) const override {
    Arch a = sample_arch(sp, rng);
    for (size_t s = 0; s < a.stages.size(); ++s) {
      const auto& st = sp.cv.stages[s];
      const int d = deepest ? *std::max_element(st.depth.begin(), st.depth.end())
                            : *std::min_element(st.depth.begin(), st.depth.end());
      a.stages[s].resize(size_t(d), st.blocks[0]);
      for (auto& b : a.stages[s]) b = st.blocks[size_t(rng.uniform_int(0, int64_t(st.blocks.size()) - 1))];
    }
    return a;
  }
  void set_batch(const std::vector<int64_t>& idx) override { x_ = images_to_tensor(train_, idx, labels_); }
  PathResult train_path(const Arch& a, Rng& rng, float share) override {
    CrossEntropyResult ce = cross_entropy(net_->forward(x_, a), labels_);
    ce.dlogits *= share;
    net_->backward(ce.dlogits);
    const double kl = net_->kl_loss(a, rng, o_.kl_coef * share);
    return {ce.loss, kl, ce.correct, ce.count};
  }
  const char* acc_name() const override { return "train-acc"; }
  const char* rate_unit() const override { return "img/s"; }
  const char* sample_unit() const override { return "images"; }

 private:
  TrainOptions o_;
  data::ImageSet train_;
  std::unique_ptr<CvSupernet> net_;
  std::unique_ptr<AdamW> optim_;
  Tensor x_;
  std::vector<int64_t> labels_;
};

}  // namespace

Tensor images_to_tensor(const data::ImageSet& set, const std::vector<int64_t>& idx, std::vector<int64_t>& labels) {
  const int64_t B = int64_t(idx.size()), P = set.rows * set.cols;
  Tensor x({B, 1, set.rows, set.cols});
  labels.resize(idx.size());
  for (int64_t i = 0; i < B; ++i) {
    x.mat(B, P).row(i) = set.images.row(long(idx[size_t(i)]));
    labels[size_t(i)] = set.labels[size_t(idx[size_t(i)])];
  }
  return x;
}

TrainSummary train_supernet(const TrainOptions& opt) {
  CvTrainTask task(opt);
  return run_training(task);
}

CvRun load_cv_run(const std::string& dir) {
  CvRun run;
  run.options = options_from_json(nlohmann::json::parse(read_text_file(dir + "/run.json")), dir + "/run.json");
  run.space = load_space(dir + "/space.yaml");
  check_cv_space(run.space, dir + "/space.yaml");
  run.net = std::make_unique<CvSupernet>(run.space.cv, run.options.mode, run.options.seed);
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  for (auto& [n, t] : net_state(*run.net)) ck.restore(n, *t);
  run.step = ck.meta.at("step");
  return run;
}

}  // namespace shiftadd::nn
