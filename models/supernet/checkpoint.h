#pragma once
// Checkpoint files: a JSON meta block plus named float tensors in one binary file, written atomically
// (to "<path>.tmp", then renamed), so a run killed mid-write keeps its previous checkpoint.
// Layout (little-endian): "SHIFTADD-CKPT1\n", u64 meta length, meta JSON, u64 tensor count, then per
// tensor: u32 name length, name, u32 ndim, i64 dims[ndim], f32 data[numel].
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "models/tensor.h"

namespace shiftadd::nn {

using TensorRefs = std::vector<std::pair<std::string, const Tensor*>>;

void save_checkpoint(const std::string& path, const nlohmann::json& meta, const TensorRefs& tensors);

struct Checkpoint {
  std::string path;
  nlohmann::json meta;
  std::map<std::string, Tensor> tensors;
  // Copies tensor `name` into dst; DataError when missing or of another shape.
  void restore(const std::string& name, Tensor& dst) const;
};
Checkpoint load_checkpoint(const std::string& path);  // DataError on a missing or corrupt file

}  // namespace shiftadd::nn
