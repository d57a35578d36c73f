#include "models/data/batch_iterator.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/rng.h"

namespace shiftadd::data {

std::vector<int64_t> seeded_permutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> p(size_t(std::max<int64_t>(n, 0)));
  std::iota(p.begin(), p.end(), int64_t(0));
  Rng rng(seed);
  for (int64_t i = n - 1; i > 0; --i) std::swap(p[size_t(i)], p[size_t(rng.uniform_int(0, i))]);
  return p;
}

BatchIterator::BatchIterator(int64_t n, int64_t batch_size, uint64_t seed, bool shuffle,
                             bool drop_last)
    : n_(n), batch_size_(batch_size), seed_(seed), shuffle_(shuffle), drop_last_(drop_last) {
  if (n <= 0) throw InputError("BatchIterator: dataset is empty");
  if (batch_size <= 0) throw InputError("BatchIterator: batch_size must be positive");
  if (drop_last && batch_size > n)
    throw InputError("BatchIterator: batch_size " + std::to_string(batch_size) +
                     " exceeds dataset size " + std::to_string(n) + " with drop_last");
  build_order();
}

void BatchIterator::build_order() {
  if (!shuffle_) {
    order_.resize(size_t(n_));
    std::iota(order_.begin(), order_.end(), int64_t(0));
    return;
  }
  // Per-epoch seed: a fixed odd-constant mix keeps epochs independent and reproducible.
  order_ = seeded_permutation(n_, seed_ ^ (uint64_t(state_.epoch + 1) * 0x9E3779B97F4A7C15ULL));
}

bool BatchIterator::next(std::vector<int64_t>& indices) {
  const int64_t remaining = n_ - state_.position;
  if (remaining <= 0 || (drop_last_ && remaining < batch_size_)) {
    state_.epoch += 1;
    state_.position = 0;
    build_order();
    indices.clear();
    return false;
  }
  const int64_t take = std::min(batch_size_, remaining);
  indices.assign(order_.begin() + long(state_.position),
                 order_.begin() + long(state_.position + take));
  state_.position += take;
  return true;
}

int64_t BatchIterator::batches_per_epoch() const {
  return drop_last_ ? n_ / batch_size_ : (n_ + batch_size_ - 1) / batch_size_;
}

void BatchIterator::restore(const State& s) {
  if (s.epoch < 0 || s.position < 0 || s.position > n_)
    throw InputError("BatchIterator::restore: invalid state");
  state_ = s;
  build_order();
}

}  // namespace shiftadd::data
