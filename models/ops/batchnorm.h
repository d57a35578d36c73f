#pragma once
// BatchNorm over channel dim 1 of [N, C, ...] (BatchNorm1d on [N, C], BatchNorm2d on [N, C, H, W]).
// Training normalises with batch statistics and updates running statistics (biased variance for
// normalising, unbiased for the running estimate, as PyTorch); eval uses the running statistics.
// BN recalibration (inherited-weight subnets): begin_recalibration() resets the running statistics and
// switches to a cumulative average over the following training-mode batches; end_recalibration() returns
// to exponential averaging. recalibrate_batchnorm() wraps this for a set of layers.
#include <functional>
#include <vector>

#include "models/module.h"

namespace shiftadd::nn {

class BatchNorm : public Layer {
 public:
  explicit BatchNorm(int64_t channels, float eps = 1e-5f, float momentum = 0.1f, bool affine = true);
  Tensor forward(const Tensor& x) override;
  Tensor forward(Tensor&& x);  // in inference: normalises the temporary in place (same values)
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string& prefix, ParamList& out) override;
  void collect_buffers(const std::string& prefix, BufferList& out) override;

  // Per-channel constants of eval-mode normalisation, v -> ((v - mean) * inv_std) * gamma + beta, as forward
  // computes them (gamma 1 and beta 0 when !affine). For fusing into a conv (models/ops/conv2d_fixed.h).
  struct Affine {
    std::vector<float> mean, inv_std, gamma, beta;
  };
  Affine eval_affine() const;  // InputError in training mode (the statistics would come from the batch)

  void reset_running_stats();
  void begin_recalibration();
  void end_recalibration();
  bool recalibrating() const { return cumulative_; }

  int64_t channels;
  float eps, momentum;
  Param gamma, beta;                    // empty when !affine
  Tensor running_mean, running_var;     // [C]
  Tensor num_batches;                   // [1]: batches averaged since the last reset

 private:
  bool cumulative_ = false;
  Tensor xhat_, inv_std_;               // caches for backward
  void normalize(const Tensor& x, Tensor& y);
  bool cached_train_ = true;
};

// Re-estimates the running statistics of `bns`: calls run_batch(i) for i in [0, num_batches), which must
// run the forward pass in training mode. Leaves the layers in their previous training flag.
void recalibrate_batchnorm(const std::vector<BatchNorm*>& bns, int num_batches,
                           const std::function<void(int)>& run_batch);

}  // namespace shiftadd::nn
