#include "models/optim/optimizer.h"

#include <cmath>

#include "core/error.h"

namespace shiftadd::nn {

void Optimizer::zero_grad() {
  for (auto& [name, p] : params_) p->grad.zero();
}

void Optimizer::apply_hooks() {
  for (auto& [name, p] : params_) apply_grad_hook(*p);
}

Sgd::Sgd(ParamList params, SgdOptions o) : Optimizer(std::move(params)), opt(o) {
  for (auto& [name, p] : params_) buf_.push_back(Tensor::zeros_like(p->value));
}

void Sgd::step(float lr) {
  apply_hooks();
  for (size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].second;
    auto w = p.value.vec().array();
    Eigen::ArrayXf g = p.grad.vec().array() + opt.weight_decay * p.weight_decay_mult * w;
    auto b = buf_[i].vec().array();
    b = step_count == 0 ? g : opt.momentum * b + g;  // PyTorch starts the buffer at the first gradient
    if (opt.nesterov)
      w -= lr * (g + opt.momentum * b);
    else
      w -= lr * b;
  }
  ++step_count;
}

BufferList Sgd::state() {
  BufferList out;
  for (size_t i = 0; i < params_.size(); ++i) out.emplace_back("momentum." + params_[i].first, &buf_[i]);
  return out;
}

AdamW::AdamW(ParamList params, AdamWOptions o) : Optimizer(std::move(params)), opt(o) {
  for (auto& [name, p] : params_) {
    m_.push_back(Tensor::zeros_like(p->value));
    v_.push_back(Tensor::zeros_like(p->value));
  }
}

void AdamW::step(float lr) {
  apply_hooks();
  ++step_count;
  const double bc1 = 1.0 - std::pow(double(opt.beta1), double(step_count));
  const double bc2 = 1.0 - std::pow(double(opt.beta2), double(step_count));
  const float step_size = float(double(lr) / bc1), inv_sqrt_bc2 = float(1.0 / std::sqrt(bc2));
  for (size_t i = 0; i < params_.size(); ++i) {
    Param& p = *params_[i].second;
    auto w = p.value.vec().array();
    auto g = p.grad.vec().array();
    auto m = m_[i].vec().array();
    auto v = v_[i].vec().array();
    w *= 1.f - lr * opt.weight_decay * p.weight_decay_mult;
    m = opt.beta1 * m + (1.f - opt.beta1) * g;
    v = opt.beta2 * v + (1.f - opt.beta2) * g.square();
    w -= step_size * m / (v.sqrt() * inv_sqrt_bc2 + opt.eps);
  }
}

BufferList AdamW::state() {
  BufferList out;
  for (size_t i = 0; i < params_.size(); ++i) {
    out.emplace_back("exp_avg." + params_[i].first, &m_[i]);
    out.emplace_back("exp_avg_sq." + params_[i].first, &v_[i]);
  }
  return out;
}

float cosine_lr(int64_t step, int64_t total, float base, float min_lr, int64_t warmup) {
  if (total <= 0) throw InputError("cosine_lr: total_steps must be positive");
  if (step < warmup) return base * float(step + 1) / float(warmup);
  const double t = std::min(1.0, double(step - warmup) / double(std::max<int64_t>(total - warmup, 1)));
  return float(min_lr + 0.5 * (base - min_lr) * (1.0 + std::cos(M_PI * t)));
}

}  // namespace shiftadd::nn
