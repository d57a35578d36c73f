#pragma once
// Minimal module interface for building a supernet from the ops: parameters with gradients,
// buffers (running statistics), zero_grad and a train/eval flag. Backward passes are explicit.
#include <string>
#include <utility>
#include <vector>

#include "models/tensor.h"

namespace shiftadd::nn {

// How the optimizer treats a parameter's gradient before the update.
enum class GradHook {
  kNone,
  kAdderAdaptive,  // AdderNet: g <- eta * sqrt(numel) / max(||g||, 1e-12) * g
};

struct Param {
  Tensor value, grad;         // grad has value's shape; backward passes accumulate (+=) into it
  float weight_decay_mult = 1.f;  // 0 for biases, norms and shift exponents
  GradHook hook = GradHook::kNone;
  float hook_eta = 0.2f;      // eta of kAdderAdaptive

  Param() = default;
  explicit Param(Tensor v, float wd_mult = 1.f) : value(std::move(v)), grad(Tensor::zeros_like(value)), weight_decay_mult(wd_mult) {}
};

// The float kernels of inference mode. kEigen: Eigen's GEMM, which every recorded result was measured with.
// kFixed: models/ops/gemm_fixed.h, vectorised for the CPU at run time (several times faster) with one
// summation order on every CPU, so its results differ from kEigen's in the last bits.
enum class Kernels { kEigen, kFixed };
Kernels parse_kernels(const std::string& s);  // "eigen" | "fixed"; InputError otherwise
const char* to_string(Kernels k);

using ParamList = std::vector<std::pair<std::string, Param*>>;
using BufferList = std::vector<std::pair<std::string, Tensor*>>;

class Module {
 public:
  virtual ~Module() = default;
  // Appends ("<prefix><name>", param) for this module and its children, in a fixed order.
  virtual void collect_params(const std::string& prefix, ParamList& out) = 0;
  // Non-trainable state that a checkpoint must keep (e.g. BatchNorm running statistics).
  virtual void collect_buffers(const std::string& /*prefix*/, BufferList& /*out*/) {}
  // Modules with children override this to propagate.
  virtual void set_training(bool training) { training_ = training; }
  bool training() const { return training_; }
  // Inference: forward keeps nothing for backward (inputs, normalised values, attention probabilities),
  // so eval and search do not copy every activation; a backward after it throws. With Kernels::kEigen the
  // results are unchanged. Modules with children override this to propagate.
  virtual void set_inference(bool on, Kernels k = Kernels::kEigen) {
    inference_ = on;
    kernels_ = on ? k : Kernels::kEigen;
  }
  bool inference() const { return inference_; }
  Kernels kernels() const { return kernels_; }
  bool fixed_kernels() const { return inference_ && kernels_ == Kernels::kFixed; }

  ParamList params(const std::string& prefix = "");
  BufferList buffers(const std::string& prefix = "");
  void zero_grad();
  int64_t num_params();

 protected:
  bool training_ = true;
  bool inference_ = false;
  Kernels kernels_ = Kernels::kEigen;
  // x_ = x unless in inference (what backward of most layers needs).
  void keep_input(Tensor& kept, const Tensor& x) const;
  // Throws InputError "<what>: backward without a kept forward (inference mode?)" when `kept` was never set
  // (a default Tensor; an empty batch still has a shape).
  static void check_kept(const Tensor& kept, const char* what);
};

// Inference mode for a scope; restores the previous flag (also when an exception leaves the scope).
class InferenceScope {
 public:
  explicit InferenceScope(Module& m, Kernels k = Kernels::kEigen)
      : m_(m), was_(m.inference()), was_kernels_(m.kernels()) {
    m_.set_inference(true, k);
  }
  ~InferenceScope() { m_.set_inference(was_, was_kernels_); }
  InferenceScope(const InferenceScope&) = delete;
  InferenceScope& operator=(const InferenceScope&) = delete;

 private:
  Module& m_;
  bool was_;
  Kernels was_kernels_;
};

// A module with one input and one output. forward caches what backward needs; backward accumulates
// parameter gradients and returns the input gradient. One backward per forward.
class Layer : public Module {
 public:
  virtual Tensor forward(const Tensor& x) = 0;
  virtual Tensor backward(const Tensor& dy) = 0;
};

// Applies a parameter's GradHook to its gradient in place (called by the optimizers).
void apply_grad_hook(Param& p);
// AdderNet adaptive learning-rate scaling of one gradient tensor: eta * sqrt(k) / ||g|| * g.
void adder_adaptive_scale(Tensor& grad, float eta);

}  // namespace shiftadd::nn
