// Fashion-MNIST top-1 with inherited supernet weights on the validation hold-out (the 5000 training
// images training never sees, fashion_mnist.h), BN recalibrated on the training part.
// Shared prefixes are cached: with recalibration, a block's statistics depend only on the blocks
// before it, so the activations after a prefix (validation and recalibration batches alike) are a
// function of that prefix alone. A candidate resumes from its longest cached prefix; the scores are
// bit-identical to evaluating from the input (same blocks, same batches, same order).
#include <fmt/format.h>

#include <algorithm>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "models/data/batch_iterator.h"
#include "models/data/fashion_mnist.h"
#include "models/ops/batchnorm.h"
#include "models/supernet/cv_train.h"
#include "search/accuracy/accuracy_estimator.h"

namespace shiftadd::search {
namespace {

constexpr int64_t kRecalibBatch = 256, kValidBatch = 500;

// After one prefix. Shared and immutable: the cache and the candidate that computed them hold the same
// tensors, and a block's output is always a new tensor, so nothing is copied.
using TensorPtr = std::shared_ptr<const nn::Tensor>;
struct Activations {
  std::vector<TensorPtr> valid, recalib;
  int64_t bytes() const {
    int64_t n = 0;
    for (const auto* v : {&valid, &recalib})
      for (const auto& t : *v) n += t->numel() * int64_t(sizeof(float));
    return n;
  }
};

struct CvData {
  Activations inputs;  // input batches
  std::vector<std::vector<int64_t>> valid_labels;
  int64_t valid_count = 0;
};

std::shared_ptr<const CvData> load_data(const AccuracySpec& s) {
  data::FashionMnistOptions fo;
  fo.dir = s.data_dir;
  const data::ImageSet full = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  const data::TrainValidSplit split = data::split_train_valid(full, data::kFashionMnistValidSize, data::kFashionMnistValidSeed);
  auto d = std::make_shared<CvData>();
  d->valid_count = std::min(s.valid_samples, split.valid.size());
  std::vector<int64_t> idx, labels;
  for (int64_t b0 = 0; b0 < d->valid_count; b0 += kValidBatch) {
    idx.clear();
    for (int64_t i = b0; i < std::min(d->valid_count, b0 + kValidBatch); ++i) idx.push_back(i);
    d->inputs.valid.push_back(std::make_shared<const nn::Tensor>(nn::images_to_tensor(split.valid, idx, labels)));
    d->valid_labels.push_back(labels);
  }
  const std::vector<int64_t> order = data::seeded_permutation(split.train.size(), 7);
  for (int i = 0; i < s.bn_recalib_batches; ++i) {
    idx.clear();
    for (int64_t k = 0; k < kRecalibBatch; ++k) idx.push_back(order[size_t((int64_t(i) * kRecalibBatch + k) % split.train.size())]);
    d->inputs.recalib.push_back(std::make_shared<const nn::Tensor>(nn::images_to_tensor(split.train, idx, labels)));
  }
  return d;
}

// Least recently used eviction under a byte budget. One cache for all workers (a child often shares its
// prefix with a parent another worker evaluated); entries are immutable, so a hit is a copy of pointers.
// Which worker computed an entry, and when, changes no value: only what is recomputed.
class PrefixCache {
 public:
  explicit PrefixCache(int64_t budget_bytes) : budget_(budget_bytes) {}
  std::optional<Activations> find(const std::string& key) {
    const std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second.second);
    return it->second.first;
  }
  void put(const std::string& key, const Activations& a) {
    const std::lock_guard<std::mutex> lock(mu_);
    const int64_t b = a.bytes();
    if (b > budget_ || map_.count(key)) return;
    while (used_ + b > budget_) {
      auto victim = map_.find(order_.back());
      used_ -= victim->second.first.bytes();
      map_.erase(victim);
      order_.pop_back();
    }
    order_.push_front(key);
    map_.emplace(key, std::make_pair(a, order_.begin()));
    used_ += b;
  }

 private:
  std::mutex mu_;
  int64_t budget_, used_ = 0;
  std::list<std::string> order_;
  std::map<std::string, std::pair<Activations, std::list<std::string>::iterator>> map_;
};

struct Block {  // stem (s < 0) or block (s, l) of type b
  int s = -1, l = 0;
  BlockType b = BlockType::kConv;
};

class CvSupernetAccuracy : public AccuracyEstimator {
 public:
  CvSupernetAccuracy(const AccuracySpec& s, const std::string& run, int workers)
      : spec_(s), kernels_(nn::parse_kernels(s.kernels)), data_(load_data(s)), cache_(s.prefix_cache_mb * workers * (int64_t(1) << 20)) {
    for (int w = 0; w < workers; ++w) runs_.push_back(nn::load_cv_run(run));
  }
  std::string metric() const override { return "top1"; }
  int workers() const override { return int(runs_.size()); }
  const SearchSpace* space() const override { return &runs_.front().space; }

  double score(int w, const Arch& arch) override {
    nn::CvSupernet& net = *runs_.at(size_t(w)).net;
    net.set_training(false);
    const nn::InferenceScope inference(net, kernels_);
    std::vector<Block> path{Block{}};
    std::vector<std::string> keys{"stem"};
    for (size_t s = 0; s < arch.stages.size(); ++s)
      for (size_t l = 0; l < arch.stages[s].size(); ++l) {
        path.push_back({int(s), int(l), arch.stages[s][l]});
        keys.push_back(keys.back() + fmt::format("|{}.{}:{}", s, l, to_string(arch.stages[s][l])));
      }
    size_t start = path.size();
    std::optional<Activations> hit;
    while (start > 0 && !(hit = cache_.find(keys[start - 1]))) --start;
    Activations h = hit ? *hit : data_->inputs;
    for (size_t j = start; j < path.size(); ++j) {
      const Block& k = path[j];
      auto run = [&](const TensorPtr& x) {
        return std::make_shared<const nn::Tensor>(k.s < 0 ? net.forward_stem(*x) : net.forward_block(size_t(k.s), size_t(k.l), k.b, *x));
      };
      if (!h.recalib.empty())
        nn::recalibrate_batchnorm(k.s < 0 ? std::vector<nn::BatchNorm*>{&net.stem_bn()} : net.block_batchnorms(size_t(k.s), size_t(k.l), k.b),
                                  int(h.recalib.size()), [&](int i) { h.recalib[size_t(i)] = run(h.recalib[size_t(i)]); });
      for (auto& v : h.valid) v = run(v);
      cache_.put(keys[j], h);
    }
    int64_t correct = 0;
    for (size_t v = 0; v < h.valid.size(); ++v) correct += nn::count_correct(net.forward_head(*h.valid[v]), data_->valid_labels[v]);
    return double(correct) / double(std::max<int64_t>(data_->valid_count, 1));
  }

  double test_score(const Arch& arch) override {
    nn::CvEvalOptions o;
    o.data_dir = spec_.data_dir;
    o.bn_recalib = spec_.bn_recalib_batches;
    o.test_limit = spec_.test_limit;
    o.kernels = kernels_;
    return nn::eval_cv_subnet(runs_.front(), arch, o).accuracy;
  }

 private:
  AccuracySpec spec_;
  nn::Kernels kernels_;
  std::shared_ptr<const CvData> data_;
  std::vector<nn::CvRun> runs_;
  PrefixCache cache_;  // prefix_cache_mb per worker, shared
};

}  // namespace

void register_cv_supernet(AccuracyRegistry& r) {
  r.add("cv_supernet", [](const AccuracySpec& s, const std::string& run, int workers) {
    return std::make_unique<CvSupernetAccuracy>(s, run, workers);
  });
}

}  // namespace shiftadd::search
