#include "models/ops/cross_entropy.h"

#include <cmath>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

CrossEntropyResult cross_entropy(const Tensor& logits, const std::vector<int64_t>& targets,
                                 const CrossEntropyOptions& opt) {
  if (logits.ndim() < 1) throw InputError("cross_entropy: logits need a class dimension");
  const int64_t V = logits.dim(-1), M = V ? logits.numel() / V : 0;
  if (int64_t(targets.size()) != M)
    throw InputError(fmt::format("cross_entropy: {} targets for logits {}", targets.size(),
                                 shape_str(logits.shape())));
  if (opt.label_smoothing < 0 || opt.label_smoothing > 1)
    throw InputError("cross_entropy: label_smoothing must be in [0, 1]");
  CrossEntropyResult r;
  for (int64_t t : targets) {
    if (t == opt.ignore_index) continue;
    if (t < 0 || t >= V) throw InputError(fmt::format("cross_entropy: target {} outside [0, {})", t, V));
    ++r.count;
  }
  r.dlogits = Tensor(logits.shape());
  if (r.count == 0) return r;
  const float eps = opt.label_smoothing, inv_count = 1.f / float(r.count);
  std::vector<double> row_loss(size_t(M), 0.0);
  std::vector<uint8_t> row_ok(size_t(M), 0);
  CMapMat lm = logits.mat(M, V);
  MapMat dm = r.dlogits.mat(M, V);
  parallel_for_each(M, 10.0 * V, [&](int64_t m) {
    const int64_t t = targets[size_t(m)];
    if (t == opt.ignore_index) return;
    Eigen::Index arg;
    const float mx = lm.row(m).maxCoeff(&arg);
    const double lse = double(mx) + std::log((lm.row(m).array() - mx).exp().cast<double>().sum());
    // loss = (1 - eps) * (lse - z_t) + eps * mean_c (lse - z_c)
    const double mean_z = lm.row(m).cast<double>().mean();
    row_loss[size_t(m)] = (1.0 - eps) * (lse - lm(m, t)) + eps * (lse - mean_z);
    row_ok[size_t(m)] = arg == t;
    dm.row(m) = ((lm.row(m).array() - float(lse)).exp() - eps / float(V)) * inv_count;
    dm(m, t) -= (1.f - eps) * inv_count;
  });
  double sum = 0;
  for (int64_t m = 0; m < M; ++m) sum += row_loss[size_t(m)], r.correct += row_ok[size_t(m)];
  r.loss = sum / double(r.count);
  return r;
}

}  // namespace shiftadd::nn
