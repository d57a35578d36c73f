#pragma once
// Pooling on NCHW: max (padding never wins), average (padding counts as zeros, PyTorch's
// count_include_pad=True) and global average [N, C, H, W] -> [N, C].
#include "models/module.h"
#include "models/ops/im2col.h"

namespace shiftadd::nn {

struct PoolSpec {
  int64_t kernel = 2, stride = 2, pad = 0;
};

class MaxPool2d : public Layer {
 public:
  explicit MaxPool2d(PoolSpec s) : spec(s) {}
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}
  PoolSpec spec;

 private:
  Shape in_shape_;
  std::vector<int64_t> argmax_;  // flat input index of each output
};

class AvgPool2d : public Layer {
 public:
  explicit AvgPool2d(PoolSpec s) : spec(s) {}
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}
  PoolSpec spec;

 private:
  Shape in_shape_;
};

class GlobalAvgPool : public Layer {
 public:
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& dy) override;
  void collect_params(const std::string&, ParamList&) override {}

 private:
  Shape in_shape_;
};

}  // namespace shiftadd::nn
