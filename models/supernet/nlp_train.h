#pragma once
// Training, inherited-weight evaluation and export of the NLP supernet (nlp_supernet.h) on FreeDict
// phrase pairs. A run directory holds:
//   space.yaml      copy of the search space
//   run.json        the options ("task": "nlp"); resume and eval read them back
//   tokenizer.txt   the joint BPE vocabulary (trained on the training split, vocab = space vocab)
//   checkpoint.bin  weights + AdamW moments + step + data-iterator state (checkpoint.h)
//   weights_f16/    weights only as float16 .npy + meta.json, written with the final checkpoint (what a
//                   release keeps: half the size; eval and export load it when checkpoint.bin is absent)
// Step t draws its path from Rng(seed, t); batches come from a seeded BatchIterator, so a resumed
// run is bit-identical to an uninterrupted one.
#include <memory>
#include <string>

#include "models/data/bleu.h"
#include "models/data/tokenizer.h"
#include "models/supernet/nlp_supernet.h"
#include "models/supernet/trainer.h"

namespace shiftadd::nn {

struct NlpTrainOptions {
  TrainOptions base;                 // steps, batch, lr, seed, sandwich, resume, ckpt_every, ...
  std::string dictd_dir = data::kDictdDir;
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
// Maps the generic CLI options onto NLP ones (data_dir = dictd directory unless it is the MNIST default);
// kl_coef is the NLP KL weight, given only when the user set --kl-coef.
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

// Writes <out>/arch.yaml, manifest.json and weights/*.npy (docs/results.md, export format).
void export_nlp_subnet(NlpRun& run, const Arch& arch, const std::string& out_dir);

// Half-precision weight folders (nlp_half.cpp); load returns the saved step.
void save_params_f16(Module& net, int64_t step, const std::string& dir);
int64_t load_params_f16(Module& net, const std::string& dir);

// Space task of a space file or of a run directory's space.yaml (for the CLI dispatch).
Task space_task(const std::string& path);

// Encoded (src + </s>, <s> + tgt, tgt + </s>) examples and the batch of some of them.
struct NlpExample {
  std::vector<int32_t> src, tgt;  // without specials
};
std::vector<NlpExample> encode_pairs(const std::vector<data::PhrasePair>& pairs, const data::SubwordTokenizer& tok,
                                     const NlpSpace& s);
NlpBatch make_batch(const std::vector<NlpExample>& ex, const std::vector<int64_t>& idx);

}  // namespace shiftadd::nn
