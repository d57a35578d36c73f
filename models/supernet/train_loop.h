#pragma once
// The one supernet training skeleton that the CV and the NLP trainers share (cv_train.h, nlp_train.h).
// run_training owns the run directory, resume, the step loop, the cosine LR, checkpoints and the
// progress line; a TrainTask supplies the data, the network and one path's forward/backward.
// A run directory holds:
//   space.yaml       copy of the search space the run was trained on
//   run.json         the training options (resume and eval read them back)
//   arch.yaml        the subnet of a fixed-arch run (--arch)
//   checkpoint.bin   task state (weights, buffers, optimizer moments) + step + data-iterator state
// Randomness: step t draws its path (and KL samples) from Rng(seed ^ (t + 1) * salt), so the RNG state is
// the step, and a resumed run is bit-identical to an uninterrupted one.
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "models/module.h"
#include "models/optim/optimizer.h"
#include "models/supernet/weight_share.h"
#include "workload/space/space.h"

namespace shiftadd::nn {

// The options of `shiftadd train`. kl_coef, mode and data_dir are the CV trainer's; the NLP trainer maps
// them (nlp_options_from). data_dir has no default: the CLI supplies it.
struct TrainOptions {
  std::string space_path, out_dir;
  std::string arch_path;    // non-empty: train only this subnet (standalone, or fine-tune with init_from)
  std::string init_from;    // non-empty: start from the weights (and BN buffers) of this run
  std::string data_dir;     // CV: the Fashion-MNIST IDX directory
  int64_t steps = 2000, batch_size = 64, ckpt_every = 500, log_every = 50;
  int64_t train_limit = 0;  // > 0: train on the first N training samples (tests, smoke runs)
  uint64_t seed = 1;
  bool sandwich = false;
  bool resume = false;      // continue from out_dir/checkpoint.bin with the options in out_dir/run.json
  int64_t stop_after = -1;  // >= 0: return after this many steps of this call (simulates a kill; tests)
  float lr = 2e-3f, weight_decay = 0.01f, kl_coef = 10.f;
  ShareMode mode = ShareMode::kHeterogeneous;
  std::ostream* log = nullptr;
};

struct TrainSummary {
  int64_t step = 0;          // steps done in total
  double last_loss = 0;      // mean loss (CE + KL) of the last logged window
  double samples_per_s = 0;  // throughput of this call, in sample_unit per second
  std::string sample_unit;   // "images" (CV) or "target tokens" (NLP)
};

// The run.json keys both tasks share (steps, batch, schedule, seed, arch, init_from); each task adds its
// own. read_common_options lets nlohmann's exceptions through for the caller to turn into a DataError.
nlohmann::json common_options_json(const TrainOptions& o);
void read_common_options(const nlohmann::json& j, TrainOptions& o);

// The steps since the last progress line: sums of loss (CE + KL), KL and accuracy.
struct ProgressWindow {
  double loss = 0, kl = 0, acc = 0;
  int64_t n = 0;
  // "[ 50%] step 5/10 loss .. kl .. <acc_name> .. lr .. <rate> <rate_unit>[ [checkpoint]]\n"
  std::string line(int64_t step, int64_t steps, float lr, double rate, const char* acc_name, const char* rate_unit,
                   bool ckpt) const;
};

// One path of one step: mean cross-entropy, the (already weighted) KL term, and the counted targets.
struct PathResult {
  double loss = 0, kl = 0;
  int64_t correct = 0, count = 0;
};

// What run_training needs from a task. Calls, in order: options_json (fresh run) or load_options (resume),
// check_space, prepare, init_from (--init-from) or a restore of state() (resume), then per step set_batch and
// train_path once per path.
class TrainTask {
 public:
  virtual ~TrainTask() = default;
  virtual TrainOptions& options() = 0;                 // the base options in use
  virtual nlohmann::json options_json() const = 0;     // what run.json holds
  virtual void load_options(const std::string& run_json) = 0;  // replaces the options with run.json's
  // InputError naming `file` unless `space` is of the task's kind.
  virtual void check_space(const SearchSpace& space, const std::string& file) const = 0;
  virtual void prepare(const SearchSpace& space) = 0;  // data, network, optimizer (after the options are final)
  virtual int64_t num_samples() const = 0;             // training samples the batch iterator draws from
  virtual void init_from(const std::string& run_dir) = 0;  // weights of another run (--init-from)
  virtual Optimizer& optimizer() = 0;
  virtual BufferList state() = 0;                      // checkpoint tensors by name, in file order
  virtual nlohmann::json checkpoint_meta() const = 0;  // task keys of the checkpoint meta block
  virtual void on_final_checkpoint(int64_t /*step*/) {}
  virtual uint64_t rng_salt() const = 0;               // per-task step-RNG constant
  virtual int64_t max_warmup() const = 0;              // LR warmup: min(max_warmup, steps / 10)
  // The largest / smallest subnet of the sandwich rule, drawing its block types from rng.
  virtual Arch sandwich_arch(const SearchSpace& space, Rng& rng, bool largest) const = 0;
  virtual void set_batch(const std::vector<int64_t>& idx) = 0;
  // Forward, cross-entropy, backward of (d loss / d logits) * share, then the KL term (weight * share).
  virtual PathResult train_path(const Arch& arch, Rng& rng, float share) = 0;
  virtual const char* acc_name() const = 0;            // progress line: "train-acc" | "tok-acc"
  virtual const char* rate_unit() const = 0;           // progress line: "img/s" | "tgt-tokens/s"
  virtual const char* sample_unit() const = 0;         // TrainSummary::sample_unit
};

// Runs (or, with options().resume, continues) the training run of `task`, whose options() hold the caller's
// options on entry. On resume, out_dir, log and stop_after stay the caller's; the rest comes from run.json.
TrainSummary run_training(TrainTask& task);

}  // namespace shiftadd::nn
