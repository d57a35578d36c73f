#include "models/ops/embedding.h"

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd::nn {

Embedding::Embedding(int64_t n, int64_t d, Rng& rng, int64_t pad)
    : num(n), dim(d), padding_idx(pad), weight(Tensor::randn({n, d}, rng)) {
  if (pad >= n) throw InputError(fmt::format("embedding: padding_idx {} outside [0, {})", pad, n));
  if (pad >= 0) weight.value.mat(n, d).row(pad).setZero();
}

Tensor Embedding::forward(const std::vector<int64_t>& ids, const Shape& id_shape) {
  if (shape_numel(id_shape) != int64_t(ids.size()))
    throw InputError(fmt::format("embedding: {} ids for shape {}", ids.size(), shape_str(id_shape)));
  Shape ys = id_shape;
  ys.push_back(dim);
  Tensor y(ys);
  MapMat ym = y.mat(int64_t(ids.size()), dim);
  CMapMat wm = weight.value.cmat(num, dim);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= num) throw InputError(fmt::format("embedding: id {} outside [0, {})", ids[i], num));
    ym.row(int64_t(i)) = wm.row(ids[i]);
  }
  ids_ = ids;
  return y;
}

void Embedding::backward(const Tensor& dy) {
  if (dy.numel() != int64_t(ids_.size()) * dim) throw InputError("embedding: dy does not match the forward output");
  CMapMat dm = dy.mat(int64_t(ids_.size()), dim);
  MapMat gm = weight.grad.mat(num, dim);
  for (size_t i = 0; i < ids_.size(); ++i)  // sequential scatter: deterministic with repeated ids
    if (ids_[i] != padding_idx) gm.row(ids_[i]) += dm.row(int64_t(i));
}

void Embedding::collect_params(const std::string& prefix, ParamList& out) {
  out.emplace_back(prefix + "weight", &weight);
}

}  // namespace shiftadd::nn
