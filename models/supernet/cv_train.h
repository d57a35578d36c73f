#pragma once
// CV supernet training on Fashion-MNIST (one random path per step, optional sandwich rule) through the
// shared skeleton (train_loop.h), and inherited-weight evaluation / export of CV subnets. Besides the
// common run files, run.json keeps kl_coef, mode and data_dir, and checkpoint.bin the BN buffers.
#include <cstdint>
#include <memory>
#include <string>

#include "models/data/fashion_mnist.h"
#include "models/supernet/cv_supernet.h"
#include "models/supernet/train_loop.h"
#include "workload/space/space.h"

namespace shiftadd::nn {

// opt.data_dir is required (the Fashion-MNIST IDX directory).
TrainSummary train_supernet(const TrainOptions& opt);

// A trained CV run loaded for evaluation.
struct CvRun {
  SearchSpace space;
  std::unique_ptr<CvSupernet> net;
  int64_t step = 0;
  TrainOptions options;
};
CvRun load_cv_run(const std::string& run_dir);

struct CvEvalOptions {
  std::string data_dir;     // the Fashion-MNIST IDX directory (required)
  int bn_recalib = 0;       // batches of training data for BN recalibration (0 = keep the running stats)
  int64_t recalib_batch = 256, test_limit = 0, batch_size = 500;
  Kernels kernels = Kernels::kEigen;  // float kernels of the forward (models/module.h)
};
struct CvEvalResult {
  double accuracy = 0;
  int64_t count = 0, params = 0;  // test samples, subnet parameters
};
CvEvalResult eval_cv_subnet(CvRun& run, const Arch& arch, const CvEvalOptions& opt);
// The BN recalibration of eval_cv_subnet alone (opt.bn_recalib batches; none when 0), in eval mode after.
void recalibrate_cv_subnet(CvRun& run, const Arch& arch, const CvEvalOptions& opt);

// Writes <out>/arch.yaml, <out>/weights/<name>.npy and <out>/manifest.json (docs/results.md).
void export_cv_subnet(CvRun& run, const Arch& arch, const std::string& out_dir);

// Rows of logits [N, classes] whose largest entry is at the label (first of equal maxima).
int64_t count_correct(const Tensor& logits, const std::vector<int64_t>& labels);

// Batch of images as an NCHW tensor plus labels.
Tensor images_to_tensor(const data::ImageSet& set, const std::vector<int64_t>& idx, std::vector<int64_t>& labels);

}  // namespace shiftadd::nn
