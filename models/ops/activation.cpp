#include "models/ops/activation.h"

#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "core/error.h"
#include "models/parallel.h"

namespace shiftadd::nn {

ActKind parse_act(const std::string& name) {
  if (name == "identity") return ActKind::kIdentity;
  if (name == "relu") return ActKind::kReLU;
  if (name == "gelu") return ActKind::kGELU;
  if (name == "silu") return ActKind::kSiLU;
  throw InputError(fmt::format("unknown activation '{}'; known: identity, relu, gelu, silu", name));
}

namespace {
constexpr float kInvSqrt2 = 0.70710678118654752f;
constexpr float kInvSqrt2Pi = 0.39894228040143268f;

float fwd(ActKind k, float x) {
  switch (k) {
    case ActKind::kIdentity: return x;
    case ActKind::kReLU: return x > 0 ? x : 0.f;
    case ActKind::kGELU: return 0.5f * x * (1.f + std::erf(x * kInvSqrt2));
    case ActKind::kSiLU: return x / (1.f + std::exp(-x));
  }
  return x;
}

float deriv(ActKind k, float x) {
  switch (k) {
    case ActKind::kIdentity: return 1.f;
    case ActKind::kReLU: return x > 0 ? 1.f : 0.f;
    case ActKind::kGELU: return 0.5f * (1.f + std::erf(x * kInvSqrt2)) + x * kInvSqrt2Pi * std::exp(-0.5f * x * x);
    case ActKind::kSiLU: {
      const float s = 1.f / (1.f + std::exp(-x));
      return s * (1.f + x * (1.f - s));
    }
  }
  return 1.f;
}

constexpr int64_t kBlock = 4096;  // elements per parallel work item
}  // namespace

// One loop per kind, so the compiler sees a branch-free body (ReLU vectorises); same values as fwd().
template <ActKind K>
void act_block(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = fwd(K, x[i]);
}

namespace {
void act_apply(ActKind k, const float* in, float* out, int64_t n) {  // in == out allowed
  parallel_for_each((n + kBlock - 1) / kBlock, 8.0 * kBlock, [&](int64_t b) {
    const int64_t i = b * kBlock, m = std::min(n, i + kBlock) - i;
    switch (k) {
      case ActKind::kIdentity: act_block<ActKind::kIdentity>(in + i, out + i, m); break;
      case ActKind::kReLU: act_block<ActKind::kReLU>(in + i, out + i, m); break;
      case ActKind::kGELU: act_block<ActKind::kGELU>(in + i, out + i, m); break;
      case ActKind::kSiLU: act_block<ActKind::kSiLU>(in + i, out + i, m); break;
    }
  });
}
}  // namespace

Tensor act_forward(ActKind k, const Tensor& x) {
  Tensor y(x.shape());
  act_apply(k, x.data(), y.data(), x.numel());
  return y;
}

Tensor act_forward(ActKind k, Tensor&& x) {
  act_apply(k, x.data(), x.data(), x.numel());
  return std::move(x);
}

Tensor act_backward(ActKind k, const Tensor& x, const Tensor& dy) {
  check_same_shape(x, dy, "activation dy");
  Tensor dx(x.shape());
  const int64_t n = x.numel();
  parallel_for_each((n + kBlock - 1) / kBlock, 8.0 * kBlock, [&](int64_t b) {
    for (int64_t i = b * kBlock, e = std::min(n, i + kBlock); i < e; ++i) dx[i] = dy[i] * deriv(k, x[i]);
  });
  return dx;
}

Tensor Activation::forward(const Tensor& x) {
  keep_input(x_, x);
  return act_forward(kind, x);
}

Tensor Activation::backward(const Tensor& dy) {
  check_kept(x_, "Activation");
  return act_backward(kind, x_, dy);
}

}  // namespace shiftadd::nn
