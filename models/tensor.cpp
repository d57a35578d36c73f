#include "models/tensor.h"

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd::nn {

std::string shape_str(const Shape& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

int64_t shape_numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0) throw InputError(fmt::format("negative dimension in shape {}", shape_str(s)));
    n *= d;
  }
  return n;
}

Tensor::Tensor(Shape shape, float fill) : shape_(std::move(shape)) {
  data_.assign(size_t(shape_numel(shape_)), fill);
}

Tensor::Tensor(Shape shape, std::vector<float> values)
    : shape_(std::move(shape)), data_(values.begin(), values.end()) {
  if (int64_t(data_.size()) != shape_numel(shape_))
    throw InputError(fmt::format("tensor of shape {} needs {} values, got {}", shape_str(shape_),
                                 shape_numel(shape_), data_.size()));
}

int64_t Tensor::dim(int i) const {
  const int n = ndim();
  const int j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw InputError(fmt::format("dim {} out of range for shape {}", i, shape_str(shape_)));
  return shape_[size_t(j)];
}

static int64_t flat_index(const Shape& shape, const Shape& idx) {
  if (idx.size() != shape.size())
    throw InputError(fmt::format("index {} does not match shape {}", shape_str(idx), shape_str(shape)));
  int64_t off = 0;
  for (size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] < 0 || idx[i] >= shape[i])
      throw InputError(fmt::format("index {} out of range for shape {}", shape_str(idx), shape_str(shape)));
    off = off * shape[i] + idx[i];
  }
  return off;
}

float& Tensor::at(const Shape& idx) { return data_[size_t(flat_index(shape_, idx))]; }
float Tensor::at(const Shape& idx) const { return data_[size_t(flat_index(shape_, idx))]; }

Tensor Tensor::reshaped(Shape s) const {
  Tensor t = *this;
  t.reshape(std::move(s));
  return t;
}

void Tensor::reshape(Shape s) {
  if (shape_numel(s) != numel())
    throw InputError(fmt::format("cannot reshape {} to {}", shape_str(shape_), shape_str(s)));
  shape_ = std::move(s);
}

static void check_view(int64_t rows, int64_t cols, int64_t n, const Shape& shape) {
  if (rows * cols != n)
    throw InputError(fmt::format("cannot view tensor {} as {}x{} matrix", shape_str(shape), rows, cols));
}

MapMat Tensor::mat(int64_t rows, int64_t cols) {
  check_view(rows, cols, numel(), shape_);
  return MapMat(data_.data(), rows, cols);
}

CMapMat Tensor::mat(int64_t rows, int64_t cols) const {
  check_view(rows, cols, numel(), shape_);
  return CMapMat(data_.data(), rows, cols);
}

MapMat Tensor::mat2d() {
  const int64_t c = ndim() ? shape_.back() : 1;
  return mat(c ? numel() / c : 0, c);
}

CMapMat Tensor::mat2d() const {
  const int64_t c = ndim() ? shape_.back() : 1;
  return mat(c ? numel() / c : 0, c);
}

Tensor Tensor::uninitialized(Shape s) {
  Tensor t;
  t.data_.resize(size_t(shape_numel(s)));  // DefaultInitAllocator: no zeroing
  t.shape_ = std::move(s);
  return t;
}

void Tensor::fill(float v) { std::fill(data_.begin(), data_.end(), v); }

Tensor& Tensor::operator+=(const Tensor& o) {
  check_same_shape(*this, o, "tensor +=");
  vec() += o.vec();
  return *this;
}

Tensor& Tensor::operator*=(float s) {
  vec() *= s;
  return *this;
}

Tensor Tensor::randn(Shape s, Rng& rng, float stddev) {
  Tensor t(std::move(s));
  for (auto& v : t.data_) v = float(rng.normal()) * stddev;
  return t;
}

Tensor Tensor::uniform(Shape s, Rng& rng, float lo, float hi) {
  Tensor t(std::move(s));
  for (auto& v : t.data_) v = float(rng.uniform(lo, hi));
  return t;
}

void check_shape(const Tensor& t, const Shape& expected, const char* what) {
  bool ok = t.shape().size() == expected.size();
  for (size_t i = 0; ok && i < expected.size(); ++i) ok = expected[i] < 0 || expected[i] == t.shape()[i];
  if (!ok)
    throw InputError(fmt::format("{}: expected shape {}, got {}", what, shape_str(expected), shape_str(t.shape())));
}

void check_same_shape(const Tensor& a, const Tensor& b, const char* what) {
  if (a.shape() != b.shape())
    throw InputError(fmt::format("{}: shapes {} and {} differ", what, shape_str(a.shape()), shape_str(b.shape())));
}

}  // namespace shiftadd::nn
