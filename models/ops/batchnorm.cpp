#include "models/ops/batchnorm.h"

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

BatchNorm::BatchNorm(int64_t c, float e, float m, bool affine)
    : channels(c), eps(e), momentum(m), running_mean({c}, 0.f), running_var({c}, 1.f), num_batches({1}, 0.f) {
  if (affine) {
    gamma = Param(Tensor({c}, 1.f), 0.f);
    beta = Param(Tensor({c}), 0.f);
  }
}

void BatchNorm::reset_running_stats() {
  running_mean.fill(0.f);
  running_var.fill(1.f);
  num_batches.fill(0.f);
}

void BatchNorm::begin_recalibration() {
  reset_running_stats();
  cumulative_ = true;
}

void BatchNorm::end_recalibration() { cumulative_ = false; }

static float inv_std_of(double var, float eps) { return float(1.0 / std::sqrt(var + double(eps))); }

BatchNorm::Affine BatchNorm::eval_affine() const {
  if (training_) throw InputError("batchnorm: eval_affine in training mode");
  Affine a;
  for (int64_t c = 0; c < channels; ++c) {
    a.mean.push_back(running_mean[c]);
    a.inv_std.push_back(inv_std_of(running_var[c], eps));
    a.gamma.push_back(gamma.value.empty() ? 1.f : gamma.value[c]);
    a.beta.push_back(beta.value.empty() ? 0.f : beta.value[c]);
  }
  return a;
}

Tensor BatchNorm::forward(const Tensor& x) {
  Tensor y;
  normalize(x, y);
  return y;
}

Tensor BatchNorm::forward(Tensor&& x) {
  if (!inference_) return forward(static_cast<const Tensor&>(x));
  normalize(x, x);
  return std::move(x);
}

// y may be x: each channel's statistics are read before that channel is written.
void BatchNorm::normalize(const Tensor& x, Tensor& y) {
  if (x.ndim() < 2 || x.dim(1) != channels)
    throw InputError(fmt::format("batchnorm: expected [N, {}, ...], got {}", channels, shape_str(x.shape())));
  const int64_t N = x.dim(0), C = channels, L = x.numel() / (N * C), cnt = N * L;
  if (training_ && cnt < 2) throw InputError("batchnorm: training needs more than one value per channel");
  cached_train_ = training_;
  if (&y != &x) y = Tensor(x.shape());
  xhat_ = inference_ ? Tensor() : Tensor(x.shape());
  float* xhat = inference_ ? y.data() : xhat_.data();  // inference: normalise y in place
  inv_std_ = Tensor({C});
  if (training_) {
    num_batches[0] += 1.f;
  }
  const float m = cumulative_ ? 1.f / num_batches[0] : momentum;
  parallel_for_each(C, 3.0 * double(cnt), [&](int64_t c) {
    double mean, var;
    if (training_) {
      double s = 0, s2 = 0;
      for (int64_t n = 0; n < N; ++n) s += CMapVec(x.data() + (n * C + c) * L, L).cast<double>().sum();
      mean = s / double(cnt);
      for (int64_t n = 0; n < N; ++n)
        s2 += (CMapVec(x.data() + (n * C + c) * L, L).cast<double>().array() - mean).square().sum();
      var = s2 / double(cnt);
      running_mean[c] = (1 - m) * running_mean[c] + m * float(mean);
      running_var[c] = (1 - m) * running_var[c] + m * float(var * double(cnt) / double(cnt - 1));
    } else {
      mean = running_mean[c];
      var = running_var[c];
    }
    const float is = inv_std_of(var, eps);
    inv_std_[c] = is;
    const float g = gamma.value.empty() ? 1.f : gamma.value[c], b = beta.value.empty() ? 0.f : beta.value[c];
    for (int64_t n = 0; n < N; ++n) {
      const int64_t off = (n * C + c) * L;
      MapVec xh(xhat + off, L);
      xh = (CMapVec(x.data() + off, L).array() - float(mean)) * is;
      MapVec(y.data() + off, L) = (xh.array() * g + b).matrix();
    }
  });
}

Tensor BatchNorm::backward(const Tensor& dy) {
  check_kept(xhat_, "batchnorm");
  check_same_shape(dy, xhat_, "batchnorm dy");
  const int64_t N = dy.dim(0), C = channels, L = dy.numel() / (N * C), cnt = N * L;
  Tensor dx(dy.shape());
  parallel_for_each(C, 6.0 * double(cnt), [&](int64_t c) {
    double sdy = 0, sdyx = 0;
    for (int64_t n = 0; n < N; ++n) {
      const int64_t off = (n * C + c) * L;
      CMapVec d(dy.data() + off, L), xh(xhat_.data() + off, L);
      sdy += d.cast<double>().sum();
      sdyx += (d.cast<double>().array() * xh.cast<double>().array()).sum();
    }
    if (!gamma.value.empty()) {
      gamma.grad[c] += float(sdyx);
      beta.grad[c] += float(sdy);
    }
    const float g = gamma.value.empty() ? 1.f : gamma.value[c];
    const float k = g * inv_std_[c];
    // Training: dx = g/std * (dy - mean(dy) - xhat * mean(dy * xhat)); eval: statistics are constants.
    const float mdy = cached_train_ ? float(sdy / double(cnt)) : 0.f;
    const float mdyx = cached_train_ ? float(sdyx / double(cnt)) : 0.f;
    for (int64_t n = 0; n < N; ++n) {
      const int64_t off = (n * C + c) * L;
      MapVec(dx.data() + off, L) =
          (k * (CMapVec(dy.data() + off, L).array() - mdy - CMapVec(xhat_.data() + off, L).array() * mdyx))
              .matrix();
    }
  });
  return dx;
}

void BatchNorm::collect_params(const std::string& prefix, ParamList& out) {
  if (gamma.value.empty()) return;
  out.emplace_back(prefix + "weight", &gamma);
  out.emplace_back(prefix + "bias", &beta);
}

void BatchNorm::collect_buffers(const std::string& prefix, BufferList& out) {
  out.emplace_back(prefix + "running_mean", &running_mean);
  out.emplace_back(prefix + "running_var", &running_var);
  out.emplace_back(prefix + "num_batches_tracked", &num_batches);
}

void recalibrate_batchnorm(const std::vector<BatchNorm*>& bns, int num_batches,
                           const std::function<void(int)>& run_batch) {
  std::vector<bool> was_training;
  for (auto* bn : bns) {
    was_training.push_back(bn->training());
    bn->begin_recalibration();
    bn->set_training(true);
  }
  for (int i = 0; i < num_batches; ++i) run_batch(i);
  for (size_t i = 0; i < bns.size(); ++i) {
    bns[i]->end_recalibration();
    bns[i]->set_training(was_training[i]);
  }
}

}  // namespace shiftadd::nn
