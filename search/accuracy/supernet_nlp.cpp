// FreeDict BLEU with inherited supernet weights, greedy decoding on the run's validation split.
#include <memory>

#include "models/supernet/nlp_train.h"
#include "search/accuracy/accuracy_estimator.h"

namespace shiftadd::search {
namespace {

class NlpSupernetAccuracy : public AccuracyEstimator {
 public:
  NlpSupernetAccuracy(const AccuracySpec& s, const std::string& run, int workers) : spec_(s) {
    for (int w = 0; w < workers; ++w) runs_.push_back(nn::load_nlp_run(run));
    nn::NlpEvalOptions o;
    o.dictd_dir = s.data_dir;
    o.valid = true;
    o.limit = s.valid_samples;
    valid_ = nn::nlp_eval_groups(runs_.front(), o);
  }
  std::string metric() const override { return "bleu"; }
  int workers() const override { return int(runs_.size()); }
  const SearchSpace* space() const override { return &runs_.front().space; }
  double score(int w, const Arch& arch) override {
    return nn::eval_nlp_groups(runs_.at(size_t(w)), arch, valid_, 128).bleu.score;
  }
  double test_score(const Arch& arch) override {
    nn::NlpEvalOptions o;
    o.dictd_dir = spec_.data_dir;
    o.limit = spec_.test_limit;
    return nn::eval_nlp_subnet(runs_.front(), arch, o).bleu.score;
  }

 private:
  AccuracySpec spec_;
  std::vector<nn::NlpRun> runs_;
  std::vector<data::PhraseGroup> valid_;
};

}  // namespace

void register_nlp_supernet(AccuracyRegistry& r) {
  r.add("nlp_supernet", [](const AccuracySpec& s, const std::string& run, int workers) {
    return std::make_unique<NlpSupernetAccuracy>(s, run, workers);
  });
}

}  // namespace shiftadd::search
