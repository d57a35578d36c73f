// Inherited-weight evaluation of an NLP subnet: greedy decoding, BLEU against the phrase references.
#include "core/error.h"
#include "models/data/metrics.h"
#include "models/supernet/nlp_train.h"

namespace shiftadd::nn {

std::vector<data::PhraseGroup> nlp_eval_groups(const NlpRun& run, const NlpEvalOptions& opt) {
  NlpTrainOptions n = run.options;
  if (!opt.dictd_dir.empty()) n.dictd_dir = opt.dictd_dir;
  n.base.train_limit = 0;
  const data::PhraseDataset ds = load_nlp_data(n);
  std::vector<data::PhraseGroup> groups = opt.valid ? ds.valid : ds.test;
  if (opt.limit > 0 && int64_t(groups.size()) > opt.limit) groups.resize(size_t(opt.limit));
  if (groups.empty()) throw DataError(n.dictd_dir, "empty evaluation split");
  return groups;
}

NlpEvalResult eval_nlp_groups(NlpRun& run, const Arch& arch, const std::vector<data::PhraseGroup>& groups, int64_t batch) {
  NlpEvalResult r;
  std::vector<std::string> hyps;
  for (size_t s = 0; s < groups.size(); s += size_t(batch)) {
    std::vector<std::vector<int32_t>> src;
    for (size_t i = s; i < std::min(groups.size(), s + size_t(batch)); ++i) src.push_back(run.tok->encode(groups[i].src));
    for (const auto& ids : run.net->greedy(src, arch, run.space.nlp.tgt_len)) hyps.push_back(run.tok->decode(ids));
  }
  r.bleu = data::phrase_bleu(hyps, groups);
  r.copy_bleu = data::copy_input_bleu(groups);
  r.count = int64_t(groups.size());
  for (size_t i = 0; i < std::min<size_t>(5, groups.size()); ++i) {
    r.sample_src.push_back(groups[i].src);
    r.sample_hyp.push_back(hyps[i]);
  }
  return r;
}

NlpEvalResult eval_nlp_subnet(NlpRun& run, const Arch& arch, const NlpEvalOptions& opt) {
  return eval_nlp_groups(run, arch, nlp_eval_groups(run, opt), opt.batch);
}

}  // namespace shiftadd::nn
