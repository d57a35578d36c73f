#pragma once
// Softmax cross-entropy over the last dimension, mean over the targets that are not ignore_index.
// Label smoothing as PyTorch: target distribution (1 - eps) * onehot + eps / V.
#include "models/tensor.h"

namespace shiftadd::nn {

struct CrossEntropyOptions {
  float label_smoothing = 0.f;
  int64_t ignore_index = -100;  // targets equal to this (e.g. padding) contribute nothing
};

struct CrossEntropyResult {
  double loss = 0;      // mean over counted targets (0 when none)
  Tensor dlogits;       // d(loss)/d(logits), shape of logits
  int64_t count = 0;    // targets counted
  int64_t correct = 0;  // counted targets whose argmax equals the target
};

// logits [..., V] with prod(leading) == targets.size(); throws InputError on a target outside [0, V).
CrossEntropyResult cross_entropy(const Tensor& logits, const std::vector<int64_t>& targets,
                                 const CrossEntropyOptions& opt = {});

}  // namespace shiftadd::nn
