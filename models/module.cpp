#include "models/module.h"

#include <cmath>
#include <string>

#include "core/error.h"

namespace shiftadd::nn {

Kernels parse_kernels(const std::string& s) {
  if (s == "eigen") return Kernels::kEigen;
  if (s == "fixed") return Kernels::kFixed;
  throw InputError("kernels: expected 'eigen' or 'fixed', got '" + s + "'");
}

const char* to_string(Kernels k) { return k == Kernels::kFixed ? "fixed" : "eigen"; }


ParamList Module::params(const std::string& prefix) {
  ParamList out;
  collect_params(prefix, out);
  return out;
}

BufferList Module::buffers(const std::string& prefix) {
  BufferList out;
  collect_buffers(prefix, out);
  return out;
}

void Module::zero_grad() {
  for (auto& [name, p] : params()) p->grad.zero();
}

int64_t Module::num_params() {
  int64_t n = 0;
  for (auto& [name, p] : params()) n += p->value.numel();
  return n;
}

void Module::keep_input(Tensor& kept, const Tensor& x) const {
  if (inference_) kept = Tensor();
  else kept = x;
}

void Module::check_kept(const Tensor& kept, const char* what) {
  if (kept.ndim() == 0 && kept.empty()) throw InputError(std::string(what) + ": backward without a kept forward (inference mode?)");
}

void adder_adaptive_scale(Tensor& grad, float eta) {
  double sq = 0;  // double: the norm of a large gradient must not lose precision
  for (float g : grad.values()) sq += double(g) * double(g);
  const double norm = std::max(std::sqrt(sq), 1e-12);
  grad *= float(double(eta) * std::sqrt(double(grad.numel())) / norm);
}

void apply_grad_hook(Param& p) {
  if (p.hook == GradHook::kAdderAdaptive) adder_adaptive_scale(p.grad, p.hook_eta);
}

}  // namespace shiftadd::nn
