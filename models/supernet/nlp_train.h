#pragma once
// Training (through the shared skeleton, train_loop.h), inherited-weight evaluation and export of the NLP
// supernet (nlp_supernet.h) on FreeDict phrase pairs. Besides the common run files a run directory holds:
//   run.json        with "task": "nlp" and the NLP options
//   tokenizer.txt   the joint BPE vocabulary (trained on the training split, vocab = space vocab)
//   checkpoint.bin  weights + AdamW moments (no buffers)
//   weights_f16/    weights only as float16 .npy + meta.json, written with the final checkpoint (what a
//                   release keeps: half the size; eval and export load it when checkpoint.bin is absent)
#include <memory>
#include <string>

#include "models/data/bleu.h"
#include "models/data/tokenizer.h"
#include "models/supernet/nlp_supernet.h"
#include "models/supernet/train_loop.h"

namespace shiftadd::nn {

struct NlpTrainOptions {
  TrainOptions base;                 // steps, batch, lr, seed, sandwich, resume, ckpt_every, ...
  std::string dictd_dir;             // the dictd directory (required)
  std::string pair = "eng-deu";
  size_t max_dict_bytes = 0;         // > 0: parse only this prefix of the dictionary (tests)
  float label_smoothing = 0.1f;
  // KL terms on the shared lightweight kernels (NlpSupernet::kl_loss). Off unless asked for: the reference's
  // NLP code has none, and the released run was trained without them.
  float kl_coef = 0.f;
};

// Throws InputError for options that mean nothing for NLP (share modes). --init-from starts from
// another NLP run's weights and tokenizer (a second schedule on the same space).
TrainSummary train_nlp_supernet(const NlpTrainOptions& opt);
// Maps the generic CLI options onto NLP ones: o.data_dir is the dictd directory; kl_coef is the NLP KL
// weight (the CLI passes o.kl_coef only when the user set --kl-coef).
NlpTrainOptions nlp_options_from(const TrainOptions& o, float kl_coef = 0.f);

struct NlpRun {
  SearchSpace space;
  std::unique_ptr<NlpSupernet> net;
  std::unique_ptr<data::SubwordTokenizer> tok;
  NlpTrainOptions options;
  int64_t step = 0;
};
NlpRun load_nlp_run(const std::string& dir);

struct NlpEvalOptions {
  std::string dictd_dir;     // empty: the run's
  int64_t limit = 0;         // > 0: the first N test groups
  int64_t batch = 128;
  bool valid = false;        // evaluate on the valid split instead of test
};
struct NlpEvalResult {
  data::BleuScore bleu, copy_bleu;
  int64_t count = 0;
  std::vector<std::string> sample_src, sample_hyp;  // first few, for the printout
};
NlpEvalResult eval_nlp_subnet(NlpRun& run, const Arch& arch, const NlpEvalOptions& opt);
// The two halves of eval_nlp_subnet, for callers that score many subnets on one split (the search).
std::vector<data::PhraseGroup> nlp_eval_groups(const NlpRun& run, const NlpEvalOptions& opt);
NlpEvalResult eval_nlp_groups(NlpRun& run, const Arch& arch, const std::vector<data::PhraseGroup>& groups, int64_t batch);

// Writes <out>/arch.yaml, manifest.json and weights/*.npy (docs/results.md, export format).
void export_nlp_subnet(NlpRun& run, const Arch& arch, const std::string& out_dir);

// Half-precision weight folders (nlp_half.cpp); load returns the saved step.
void save_params_f16(Module& net, int64_t step, const std::string& dir);
int64_t load_params_f16(Module& net, const std::string& dir);

// The phrase data of a run's options (train split cut to base.train_limit); DataError when it has none.
data::PhraseDataset load_nlp_data(const NlpTrainOptions& n);

// Encoded (src + </s>, <s> + tgt, tgt + </s>) examples and the batch of some of them.
struct NlpExample {
  std::vector<int32_t> src, tgt;  // without specials
};
std::vector<NlpExample> encode_pairs(const std::vector<data::PhrasePair>& pairs, const data::SubwordTokenizer& tok,
                                     const NlpSpace& s);
NlpBatch make_batch(const std::vector<NlpExample>& ex, const std::vector<int64_t>& idx);

}  // namespace shiftadd::nn
