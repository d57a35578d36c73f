#include "models/supernet/weight_share.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "models/ops/activation.h"
#include "models/ops/adder.h"
#include "models/ops/conv2d.h"
#include "models/ops/conv2d_fixed.h"
#include "models/ops/shift.h"

namespace shiftadd::nn {

ShareMode parse_share_mode(const std::string& s) {
  if (s == "independent") return ShareMode::kIndependent;
  if (s == "naive") return ShareMode::kNaive;
  if (s == "heterogeneous") return ShareMode::kHeterogeneous;
  throw InputError("weight sharing mode '" + s + "': expected independent, naive or heterogeneous");
}

const char* to_string(ShareMode m) {
  switch (m) {
    case ShareMode::kIndependent: return "independent";
    case ShareMode::kNaive: return "naive";
    default: return "heterogeneous";
  }
}

TransformKernel::TransformKernel(int bins) : scale(Tensor({bins}, 1.f), 0.f) {}

Tensor TransformKernel::apply(const Tensor& w) {
  const int64_t bins = scale.value.numel();
  const auto [lo_it, hi_it] = std::minmax_element(w.values().begin(), w.values().end());
  const float lo = *lo_it, width = std::max(*hi_it - lo, 1e-12f) / float(bins);
  bin_.resize(size_t(w.numel()));
  Tensor t(w.shape());
  for (int64_t i = 0; i < w.numel(); ++i) {
    const int64_t b = std::clamp<int64_t>(int64_t((w[i] - lo) / width), 0, bins - 1);
    bin_[size_t(i)] = int32_t(b);
    t[i] = scale.value[b] * w[i];
  }
  return t;
}

void TransformKernel::backward(const Tensor& w, const Tensor& dt, Tensor& dw) {
  if (bin_.size() != size_t(w.numel())) throw InputError("transform kernel: backward before apply");
  for (int64_t i = 0; i < w.numel(); ++i) {
    const int32_t b = bin_[size_t(i)];
    dw[i] += scale.value[b] * dt[i];
    scale.grad[b] += w[i] * dt[i];
  }
}

double kl_to_sample(const Tensor& w, const Tensor& sample, float coef, Tensor& dw) {
  check_same_shape(w, sample, "kl sample");
  const int64_t rows = w.dim(0), cols = w.numel() / rows;
  const double n = double(w.numel());
  double kl = 0;
  std::vector<double> p(static_cast<size_t>(cols)), t(static_cast<size_t>(cols));
  for (int64_t r = 0; r < rows; ++r) {
    const float* wr = w.data() + r * cols;
    const float* sr = sample.data() + r * cols;
    const double wmax = *std::max_element(wr, wr + cols), smax = *std::max_element(sr, sr + cols);
    double zw = 0, zs = 0;
    for (int64_t c = 0; c < cols; ++c) {
      zw += (p[size_t(c)] = std::exp(double(wr[c]) - wmax));
      zs += (t[size_t(c)] = std::exp(double(sr[c]) - smax));
    }
    const double lzw = std::log(zw), lzs = std::log(zs);
    for (int64_t c = 0; c < cols; ++c) {
      const double logp = double(wr[c]) - wmax - lzw, logt = double(sr[c]) - smax - lzs;
      const double tc = t[size_t(c)] / zs;
      kl += tc * (logt - logp);
      // d/dw of -sum t log_softmax(w) = softmax(w) - t (per row, since sum t = 1).
      dw[r * cols + c] += float(coef * (p[size_t(c)] / zw - tc) / n);
    }
  }
  return coef * kl / n;
}

float add_weight_gain(int64_t fan_in) { return std::sqrt(3.f * float(std::max<int64_t>(fan_in, 1))); }

Tensor laplace_sample(const Shape& s, Rng& rng, float scale) {
  Tensor t(s);
  for (float& v : t.values()) {
    const double u = rng.uniform01() - 0.5;
    v = float(-scale * (u < 0 ? -1.0 : 1.0) * std::log(std::max(1.0 - 2.0 * std::fabs(u), 1e-300)));
  }
  return t;
}

SharedOpLayer::SharedOpLayer(int64_t in_ch, int64_t out_ch, int64_t stride, ShareMode m, Rng& rng)
    : mode(m), spec(Conv2dSpec::square(3, stride, 1)), bn_conv(out_ch), bn_add(out_ch), bn_shift(out_ch) {
  const Shape shape{out_ch, in_ch, 3, 3};
  w = Param(kaiming_uniform(shape, in_ch * 9, rng));
  add_gain = add_weight_gain(in_ch * 9);
  if (mode == ShareMode::kIndependent) {
    // Same init as W; the gain brings it to AdderNet's unit scale and scales Adam's steps with it.
    w_add = Param(kaiming_uniform(shape, in_ch * 9, rng));
    w_add.hook = GradHook::kAdderAdaptive;
    w_shift = Param(kaiming_uniform(shape, in_ch * 9, rng));
  }
}

Param& SharedOpLayer::source(BlockType op) {
  if (mode == ShareMode::kIndependent && op == BlockType::kAdd) return w_add;
  if (mode == ShareMode::kIndependent && op == BlockType::kShift) return w_shift;
  return w;
}

BatchNorm& SharedOpLayer::bn(BlockType op) {
  if (op == BlockType::kAdd) return bn_add;
  if (op == BlockType::kShift) return bn_shift;
  return bn_conv;
}

Tensor SharedOpLayer::effective_weight(BlockType op) {
  const Param& src = source(op);
  if (op == BlockType::kConv) return src.value;
  const bool transform = mode == ShareMode::kHeterogeneous;
  src_t_ = transform ? T.apply(src.value) : src.value;
  if (op == BlockType::kShift) return shift_q_weight(src_t_);
  Tensor w_add = src_t_;
  w_add *= add_gain;
  return w_add;
}

Tensor SharedOpLayer::forward(const Tensor& x, BlockType op, const Tensor* residual) {
  if (op != BlockType::kConv && op != BlockType::kAdd && op != BlockType::kShift)
    throw InputError(std::string("shared op layer: block type '") + to_string(op) + "' is not conv/add/shift");
  op_ = op;
  keep_input(x_, x);
  w_eff_ = effective_weight(op);
  const bool fixed = fixed_kernels() && op != BlockType::kAdd;
  if (fixed && !bn(op).training()) return forward_fused(x, op, residual);
  Tensor y = op == BlockType::kAdd ? adder_conv2d_forward(x, w_eff_, nullptr, spec)
             : fixed               ? conv2d_forward_fixed(x, w_eff_, spec)
                                   : conv2d_forward(x, w_eff_, nullptr, spec);
  Tensor out;
  if (inference_) {
    out = act_forward(ActKind::kReLU, bn(op).forward(std::move(y)));
  } else {
    pre_act_ = bn(op).forward(y);
    out = act_forward(ActKind::kReLU, pre_act_);
  }
  if (residual) out += *residual;  // y + h == h + y in IEEE arithmetic; no copy of h
  return out;
}

Tensor SharedOpLayer::forward_fused(const Tensor& x, BlockType op, const Tensor* residual) {
  const BatchNorm::Affine a = bn(op).eval_affine();
  return conv2d_forward_fixed(x, w_eff_, spec, bn_relu_epilogue(a, nullptr, residual));
}

Tensor SharedOpLayer::backward(const Tensor& dy) {
  if (x_.empty()) throw InputError("shared op layer: backward before forward");
  const Tensor dbn = bn(op_).backward(act_backward(ActKind::kReLU, pre_act_, dy));
  Tensor dw_eff(w_eff_.shape());
  Tensor dx = op_ == BlockType::kAdd ? adder_conv2d_backward(x_, w_eff_, dbn, spec, &dw_eff, nullptr)
                                     : conv2d_backward(x_, w_eff_, dbn, spec, &dw_eff, nullptr);
  Param& src = source(op_);
  if (op_ == BlockType::kAdd) dw_eff *= add_gain;
  // Shift: straight-through estimator, d(power of two)/d(T(W)) = 1.
  if (op_ != BlockType::kConv && mode == ShareMode::kHeterogeneous)
    T.backward(src.value, dw_eff, src.grad);
  else
    src.grad += dw_eff;
  return dx;
}

double SharedOpLayer::kl_loss(BlockType op, Rng& rng, float coef) {
  if (op == BlockType::kConv) {
    const Tensor sample = Tensor::randn(w.value.shape(), rng);
    return kl_to_sample(w.value, sample, coef, w.grad);
  }
  if (op != BlockType::kAdd) return 0;  // the paper has no KL term for shift
  Param& src = source(op);
  const Tensor sample = laplace_sample(src.value.shape(), rng, kKlLaplaceScale);
  // On the weight the add op really uses (gain * T(W)); the chain rule takes the gain back to W and T.
  Tensor t = mode == ShareMode::kHeterogeneous ? T.apply(src.value) : src.value;
  t *= add_gain;
  Tensor dt(t.shape());
  const double kl = kl_to_sample(t, sample, coef, dt);
  dt *= add_gain;
  if (mode == ShareMode::kHeterogeneous)
    T.backward(src.value, dt, src.grad);
  else
    src.grad += dt;
  return kl;
}

void SharedOpLayer::op_params(BlockType op, const std::string& prefix, ParamList& out) {
  const char* name = op == BlockType::kConv ? "w" : op == BlockType::kAdd ? "w_add" : "w_shift";
  out.emplace_back(prefix + (&source(op) == &w ? "w" : name), &source(op));
  if (op != BlockType::kConv && mode == ShareMode::kHeterogeneous) out.emplace_back(prefix + "T", &T.scale);
  bn(op).collect_params(prefix + "bn_" + to_string(op) + ".", out);
}

void SharedOpLayer::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "w", &w);
  if (mode == ShareMode::kIndependent) {
    out.emplace_back(prefix + "w_add", &w_add);
    out.emplace_back(prefix + "w_shift", &w_shift);
  }
  if (mode == ShareMode::kHeterogeneous) out.emplace_back(prefix + "T", &T.scale);
  bn_conv.collect_params(prefix + "bn_conv.", out);
  bn_add.collect_params(prefix + "bn_add.", out);
  bn_shift.collect_params(prefix + "bn_shift.", out);
}

void SharedOpLayer::collect_buffers(const std::string& prefix, BufferList& out) {
  bn_conv.collect_buffers(prefix + "bn_conv.", out);
  bn_add.collect_buffers(prefix + "bn_add.", out);
  bn_shift.collect_buffers(prefix + "bn_shift.", out);
}

void SharedOpLayer::set_training(bool t) {
  Module::set_training(t);
  bn_conv.set_training(t);
  bn_add.set_training(t);
  bn_shift.set_training(t);
}

void SharedOpLayer::set_inference(bool on, Kernels k) {
  Module::set_inference(on, k);
  for (BatchNorm* b : {&bn_conv, &bn_add, &bn_shift}) b->set_inference(on, k);
}

}  // namespace shiftadd::nn
