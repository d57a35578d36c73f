#include "models/data/metrics.h"

#include <string>

#include "core/error.h"

namespace shiftadd::data {

double accuracy(const std::vector<int32_t>& predictions, const std::vector<int32_t>& labels) {
  if (predictions.size() != labels.size())
    throw InputError("accuracy: " + std::to_string(predictions.size()) + " predictions but " +
                     std::to_string(labels.size()) + " labels");
  if (labels.empty()) throw InputError("accuracy: empty input");
  int64_t hit = 0;
  for (size_t i = 0; i < labels.size(); ++i) hit += predictions[i] == labels[i];
  return double(hit) / double(labels.size());
}

std::vector<int32_t> argmax_rows(const Eigen::Ref<const Eigen::MatrixXf>& scores) {
  std::vector<int32_t> out(size_t(scores.rows()));
  for (Eigen::Index r = 0; r < scores.rows(); ++r) {
    Eigen::Index best = 0;
    for (Eigen::Index c = 1; c < scores.cols(); ++c)
      if (scores(r, c) > scores(r, best)) best = c;
    out[size_t(r)] = int32_t(best);
  }
  return out;
}

double accuracy_from_logits(const Eigen::Ref<const Eigen::MatrixXf>& logits,
                            const std::vector<int32_t>& labels) {
  return accuracy(argmax_rows(logits), labels);
}

BleuScore phrase_bleu(const std::vector<std::string>& hyps, const std::vector<PhraseGroup>& groups) {
  std::vector<std::vector<std::string>> refs;
  refs.reserve(groups.size());
  for (const auto& g : groups) refs.push_back(g.refs);
  return corpus_bleu(hyps, refs);
}

BleuScore copy_input_bleu(const std::vector<PhraseGroup>& groups) {
  std::vector<std::string> hyps;
  hyps.reserve(groups.size());
  for (const auto& g : groups) hyps.push_back(g.src);
  return phrase_bleu(hyps, groups);
}

}  // namespace shiftadd::data
