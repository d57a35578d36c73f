#pragma once
// Supernet training (one random path per step, optional sandwich rule), checkpoint/resume, and
// inherited-weight evaluation / export of subnets. A run directory holds:
//   space.yaml       copy of the search space the run was trained on
//   run.json         the training options (resume and eval read them back)
//   checkpoint.bin   weights + BN buffers + optimizer state + step + data-iterator state (checkpoint.h)
// Randomness: step t draws its path and KL samples from Rng(seed, t), so the RNG state is the step.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "models/data/fashion_mnist.h"
#include "workload/space/space.h"
#include "models/supernet/cv_supernet.h"

namespace shiftadd::nn {

struct TrainOptions {
  std::string space_path, out_dir;
  std::string arch_path;    // non-empty: train only this subnet (standalone, or fine-tune with init_from)
  std::string init_from;    // non-empty: start from the weights and BN buffers of this run (same mode)
  std::string data_dir = data::kFashionMnistDir;
  int64_t steps = 2000, batch_size = 64, ckpt_every = 500, log_every = 50;
  int64_t train_limit = 0;  // > 0: train on the first N training images (tests, smoke runs)
  uint64_t seed = 1;
  bool sandwich = false;
  bool resume = false;      // continue from out_dir/checkpoint.bin with the options in out_dir/run.json
  int64_t stop_after = -1;  // >= 0: return after this many steps of this call (simulates a kill; tests)
  float lr = 2e-3f, weight_decay = 0.01f, kl_coef = 10.f;
  ShareMode mode = ShareMode::kHeterogeneous;
  std::ostream* log = nullptr;
};

struct TrainSummary {
  int64_t step = 0;        // steps done in total
  double last_loss = 0;    // mean loss (CE + KL) of the last logged window
  double images_per_s = 0; // throughput of this call
};

TrainSummary train_supernet(const TrainOptions& opt);

// The run.json keys the CV and the NLP trainers share (steps, batch, schedule, seed, arch, init_from);
// each trainer adds its own. read_common_options lets nlohmann's exceptions through for the caller to
// turn into a DataError naming the file.
nlohmann::json common_options_json(const TrainOptions& o);
void read_common_options(const nlohmann::json& j, TrainOptions& o);

// The steps since the last progress line of either trainer: sums of loss (CE + KL), KL and accuracy.
struct ProgressWindow {
  double loss = 0, kl = 0, acc = 0;
  int64_t n = 0;
  // "[ 50%] step 5/10 loss .. kl .. <acc_name> .. lr .. <rate> <rate_unit>[ [checkpoint]]\n"
  std::string line(int64_t step, int64_t steps, float lr, double rate, const char* acc_name, const char* rate_unit,
                   bool ckpt) const;
};

// A trained run loaded for evaluation.
struct LoadedRun {
  SearchSpace space;
  std::unique_ptr<CvSupernet> net;
  int64_t step = 0;
  TrainOptions options;
};
LoadedRun load_run(const std::string& run_dir);

struct EvalOptions {
  std::string data_dir = data::kFashionMnistDir;
  int bn_recalib = 0;       // batches of training data for BN recalibration (0 = keep the running stats)
  int64_t recalib_batch = 256, test_limit = 0, batch_size = 500;
};
struct EvalResult {
  double accuracy = 0;
  int64_t count = 0, params = 0;  // test samples, subnet parameters
};
EvalResult eval_subnet(LoadedRun& run, const Arch& arch, const EvalOptions& opt);

// Writes <out>/arch.yaml, <out>/weights/<name>.npy and <out>/manifest.json (docs/results.md).
void export_subnet(LoadedRun& run, const Arch& arch, const std::string& out_dir);

// Batch of images as an NCHW tensor plus labels.
Tensor images_to_tensor(const data::ImageSet& set, const std::vector<int64_t>& idx, std::vector<int64_t>& labels);

}  // namespace shiftadd::nn
