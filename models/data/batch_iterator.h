#pragma once
// Deterministic shuffled mini-batches. The order of epoch e is a pure function of
// (seed, e), so a resumed run that restores (epoch, position) sees the same batches.
#include <cstdint>
#include <vector>

namespace shiftadd::data {

// Fisher-Yates permutation of [0, n) driven by shiftadd::Rng(seed).
std::vector<int64_t> seeded_permutation(int64_t n, uint64_t seed);

class BatchIterator {
 public:
  struct State {
    int64_t epoch = 0;
    int64_t position = 0;  // index of the next sample within the epoch's order
  };

  // shuffle = false gives 0..n-1 in order every epoch (evaluation).
  // drop_last = true skips a final partial batch.
  BatchIterator(int64_t n, int64_t batch_size, uint64_t seed, bool shuffle = true,
                bool drop_last = false);

  // Fills `indices` with the next batch; at the end of an epoch returns false and
  // moves to the next epoch (the following call returns its first batch).
  bool next(std::vector<int64_t>& indices);

  int64_t batches_per_epoch() const;
  int64_t size() const { return n_; }
  State state() const { return state_; }
  void restore(const State& s);

 private:
  void build_order();

  int64_t n_, batch_size_;
  uint64_t seed_;
  bool shuffle_, drop_last_;
  State state_;
  std::vector<int64_t> order_;
};

}  // namespace shiftadd::data
