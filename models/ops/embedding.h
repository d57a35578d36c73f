#pragma once
// Token embedding: ids [B, T] (any shape) -> [.., dim]. The optional padding_idx row gets no gradient.
#include "models/module.h"

namespace shiftadd::nn {

class Embedding : public Module {
 public:
  // Weights N(0, 1) (PyTorch's default); padding_idx < 0 disables it, else that row starts at zero.
  Embedding(int64_t num_embeddings, int64_t dim, Rng& rng, int64_t padding_idx = -1);
  // ids has prod(id_shape) entries; output shape is id_shape + [dim]. Throws InputError on a bad id.
  Tensor forward(const std::vector<int64_t>& ids, const Shape& id_shape);
  void backward(const Tensor& dy);  // accumulates into weight.grad
  void collect_params(const std::string& prefix, ParamList& out) override;

  int64_t num, dim, padding_idx;
  Param weight;  // [num, dim]

 private:
  std::vector<int64_t> ids_;
};

}  // namespace shiftadd::nn
