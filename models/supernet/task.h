#pragma once
// The task-polymorphic face of supernet runs, for the search and the CLI: which task a space or a run is,
// one evaluator interface over a trained run of either task, and training for either task.
// task.cpp is the one place that branches on SearchSpace::task; the rest uses these interfaces.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "models/supernet/cv_train.h"
#include "models/supernet/nlp_train.h"

namespace shiftadd::nn {

// Task of a space file or of a run directory's space.yaml.
Task space_task(const std::string& path);

// How to evaluate a subnet of either task; each task reads its own part.
struct SubnetEvalOptions {
  CvEvalOptions cv;             // CV; cv.test_limit is also the NLP limit when nlp.limit is 0
  NlpEvalOptions nlp;           // NLP
  bool int8 = false;            // report: also run the integer PE kernels (models/quant)
  int calib_batches = 4;        // int8: activation-range calibration batches (CV: of cv.recalib_batch
                                // images; NLP: of nlp.batch phrase pairs)
  bool int8_attention = true;   // CV int8: attention blocks in int8 (false: float)
};

struct SubnetScore {
  std::string metric;  // "top1" (CV, fraction correct) | "bleu" (NLP, 0..100)
  double value = 0;
};

// A trained run of either task with its inherited weights.
class SubnetEvaluator {
 public:
  virtual ~SubnetEvaluator() = default;
  virtual const SearchSpace& space() const = 0;
  virtual int64_t step() const = 0;  // supernet training steps
  virtual SubnetScore evaluate(const Arch& arch, const SubnetEvalOptions& opt) = 0;
  // evaluate, writing the lines `shiftadd eval` prints to out.
  virtual SubnetScore report(const Arch& arch, const SubnetEvalOptions& opt, std::ostream& out) = 0;
  // Writes <out>/arch.yaml, manifest.json and weights/*.npy (docs/results.md, export format).
  virtual void export_subnet(const Arch& arch, const std::string& out_dir) = 0;
};
std::unique_ptr<SubnetEvaluator> load_run(const std::string& run_dir);

// `shiftadd train` for the space's task (the run's, on resume).
struct TrainRequest {
  TrainOptions options;        // CV as given; options.data_dir is the Fashion-MNIST directory
  std::string nlp_data_dir;    // NLP: the dictd directory
  bool kl_coef_given = false;  // NLP: options.kl_coef applies only when given (the NLP default is 0)
};
TrainSummary train_run(const TrainRequest& req);

}  // namespace shiftadd::nn
