#pragma once
// Optimizers over a ParamList. step(lr) first applies each parameter's GradHook (AdderNet adaptive
// scaling), then updates. state() exposes every internal tensor by name so a checkpoint can save and
// restore it (plus step_count) for bit-identical resume.
#include <cstdint>
#include <string>
#include <vector>

#include "models/module.h"

namespace shiftadd::nn {

class Optimizer {
 public:
  explicit Optimizer(ParamList params) : params_(std::move(params)) {}
  virtual ~Optimizer() = default;
  virtual void step(float lr) = 0;
  void zero_grad();
  virtual BufferList state() = 0;  // names "<kind>.<param name>"
  int64_t step_count = 0;           // updates done so far (AdamW's bias correction uses it)
  const ParamList& params() const { return params_; }

 protected:
  void apply_hooks();
  ParamList params_;
};

struct SgdOptions {
  float momentum = 0.9f, weight_decay = 0.f;
  bool nesterov = false;
};

// PyTorch SGD: g += wd * w; buf = momentum * buf + g; w -= lr * (nesterov ? g + momentum * buf : buf).
class Sgd : public Optimizer {
 public:
  Sgd(ParamList params, SgdOptions opt = {});
  void step(float lr) override;
  BufferList state() override;
  SgdOptions opt;

 private:
  std::vector<Tensor> buf_;
};

struct AdamWOptions {
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weight_decay = 0.05f;
};

// AdamW (decoupled weight decay), as torch.optim.AdamW.
class AdamW : public Optimizer {
 public:
  AdamW(ParamList params, AdamWOptions opt = {});
  void step(float lr) override;
  BufferList state() override;
  AdamWOptions opt;

 private:
  std::vector<Tensor> m_, v_;
};

// Linear warmup from 0 over warmup_steps, then cosine decay from base_lr to min_lr at total_steps.
float cosine_lr(int64_t step, int64_t total_steps, float base_lr, float min_lr = 0.f, int64_t warmup_steps = 0);

}  // namespace shiftadd::nn
