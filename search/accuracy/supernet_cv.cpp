// Fashion-MNIST top-1 with inherited supernet weights on the validation hold-out (the 5000 training
// images training never sees, fashion_mnist.h), BN recalibrated on the training part.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "models/data/batch_iterator.h"
#include "models/data/fashion_mnist.h"
#include "models/ops/batchnorm.h"
#include "models/supernet/cv_train.h"
#include "search/accuracy/accuracy_estimator.h"

namespace shiftadd::search {
namespace {

struct CvData {
  data::ImageSet valid, train;
  std::vector<int64_t> recalib_order;
};

std::shared_ptr<const CvData> load_data(const AccuracySpec& s) {
  data::FashionMnistOptions fo;
  fo.dir = s.data_dir;
  const data::ImageSet full = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  data::TrainValidSplit split = data::split_train_valid(full, data::kFashionMnistValidSize, data::kFashionMnistValidSeed);
  auto d = std::make_shared<CvData>();
  const int64_t n = std::min(s.valid_samples, split.valid.size());
  std::vector<int64_t> idx(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) idx[size_t(i)] = i;
  d->valid = split.valid.subset(idx);
  d->train = std::move(split.train);
  d->recalib_order = data::seeded_permutation(d->train.size(), 7);
  return d;
}

class CvSupernetAccuracy : public AccuracyEstimator {
 public:
  CvSupernetAccuracy(const AccuracySpec& s, const std::string& run, int workers) : spec_(s), data_(load_data(s)) {
    for (int w = 0; w < workers; ++w) runs_.push_back(nn::load_cv_run(run));
  }
  std::string metric() const override { return "top1"; }
  int workers() const override { return int(runs_.size()); }
  const SearchSpace* space() const override { return &runs_.front().space; }

  double score(int w, const Arch& arch) override {
    nn::CvSupernet& net = *runs_.at(size_t(w)).net;
    net.set_training(false);
    std::vector<int64_t> labels;
    const int64_t B = 256;
    if (spec_.bn_recalib_batches > 0)
      nn::recalibrate_batchnorm(net.batchnorms(arch), spec_.bn_recalib_batches, [&](int i) {
        std::vector<int64_t> idx;
        for (int64_t k = 0; k < B; ++k)
          idx.push_back(data_->recalib_order[size_t((int64_t(i) * B + k) % data_->train.size())]);
        net.forward(nn::images_to_tensor(data_->train, idx, labels), arch);
      });
    int64_t correct = 0;
    const data::ImageSet& v = data_->valid;
    for (int64_t b0 = 0; b0 < v.size(); b0 += 500) {
      std::vector<int64_t> idx;
      for (int64_t i = b0; i < std::min(v.size(), b0 + 500); ++i) idx.push_back(i);
      const nn::Tensor logits = net.forward(nn::images_to_tensor(v, idx, labels), arch);
      const int64_t C = logits.dim(1);
      for (size_t i = 0; i < idx.size(); ++i) {
        const float* row = logits.data() + int64_t(i) * C;
        correct += (std::max_element(row, row + C) - row) == labels[i];
      }
    }
    return double(correct) / double(std::max<int64_t>(v.size(), 1));
  }

  double test_score(const Arch& arch) override {
    nn::CvEvalOptions o;
    o.data_dir = spec_.data_dir;
    o.bn_recalib = spec_.bn_recalib_batches;
    o.test_limit = spec_.test_limit;
    return nn::eval_cv_subnet(runs_.front(), arch, o).accuracy;
  }

 private:
  AccuracySpec spec_;
  std::shared_ptr<const CvData> data_;
  std::vector<nn::CvRun> runs_;
};

}  // namespace

void register_cv_supernet(AccuracyRegistry& r) {
  r.add("cv_supernet", [](const AccuracySpec& s, const std::string& run, int workers) {
    return std::make_unique<CvSupernetAccuracy>(s, run, workers);
  });
}

}  // namespace shiftadd::search
