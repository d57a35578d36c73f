#pragma once
// A small float32 tensor: a shape plus contiguous row-major storage. Images are NCHW, sequences
// [batch, seq, dim]. Kernels view it as Eigen row-major matrices; no autograd lives here.
#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/rng.h"

namespace shiftadd::nn {

using Shape = std::vector<int64_t>;
using MatRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapMat = Eigen::Map<MatRM>;
using CMapMat = Eigen::Map<const MatRM>;
using MapVec = Eigen::Map<Eigen::VectorXf>;
using CMapVec = Eigen::Map<const Eigen::VectorXf>;

// Tensor storage: std::allocator, except that resize() and Tensor::uninitialized leave new values unset (a
// kernel that writes every output need not pay for zeroing it first).
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};
using Storage = std::vector<float, DefaultInitAllocator<float>>;

std::string shape_str(const Shape& s);  // "[2, 3, 4]"
int64_t shape_numel(const Shape& s);

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.f);
  Tensor(Shape shape, std::vector<float> values);  // throws InputError on size mismatch

  const Shape& shape() const { return shape_; }
  int ndim() const { return int(shape_.size()); }
  int64_t dim(int i) const;  // negative i counts from the end; throws InputError when out of range
  int64_t numel() const { return int64_t(data_.size()); }
  bool empty() const { return data_.empty(); }

  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  Storage& values() { return data_; }
  const Storage& values() const { return data_; }
  std::vector<float> to_vector() const { return {data_.begin(), data_.end()}; }  // a copy, for APIs outside models/
  float& operator[](int64_t i) { return data_[size_t(i)]; }
  float operator[](int64_t i) const { return data_[size_t(i)]; }
  // Element at a full multi-index (bounds-checked; for tests and slow paths).
  float& at(const Shape& idx);
  float at(const Shape& idx) const;

  // Same data, new shape of equal numel (throws InputError otherwise).
  Tensor reshaped(Shape s) const;
  void reshape(Shape s);

  // Views as a rows x cols row-major matrix (rows * cols must equal numel).
  MapMat mat(int64_t rows, int64_t cols);
  CMapMat mat(int64_t rows, int64_t cols) const;
  // [prod(leading dims), last dim].
  MapMat mat2d();
  CMapMat mat2d() const;
  // Read-only views of a mutable tensor.
  CMapMat cmat(int64_t rows, int64_t cols) const { return mat(rows, cols); }
  CMapMat cmat2d() const { return mat2d(); }
  MapVec vec() { return MapVec(data_.data(), numel()); }
  CMapVec vec() const { return CMapVec(data_.data(), numel()); }

  void fill(float v);
  void zero() { fill(0.f); }
  Tensor& operator+=(const Tensor& o);  // same shape
  Tensor& operator*=(float s);

  static Tensor zeros_like(const Tensor& t) { return Tensor(t.shape_); }
  // Values left unset: for kernels that write every element before anything reads it.
  static Tensor uninitialized(Shape s);
  // Seeded initialisers (shiftadd::Rng, so bit-identical everywhere).
  static Tensor randn(Shape s, Rng& rng, float stddev = 1.f);
  static Tensor uniform(Shape s, Rng& rng, float lo, float hi);

 private:
  Shape shape_;
  Storage data_;
};

// Throws InputError "<what>: expected shape [..], got [..]" (-1 in `expected` matches any size).
void check_shape(const Tensor& t, const Shape& expected, const char* what);
void check_same_shape(const Tensor& a, const Tensor& b, const char* what);

}  // namespace shiftadd::nn
