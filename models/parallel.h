#pragma once
// Deterministic parallel loops on TBB. Work is cut into chunks that depend only on the problem size,
// never on the thread count, and any reduction over chunks is summed in chunk order afterwards, so
// results are bit-identical whatever the number of cores.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cstdint>

#include "core/index_loop.h"

namespace shiftadd::nn {

// Number of chunks for n items of about `cost_per_item` flops: at least ~64k flops per chunk,
// at most max_chunks (so per-chunk scratch buffers stay small).
inline int64_t num_chunks(int64_t n, double cost_per_item, int64_t max_chunks = 16) {
  if (n <= 0) return 0;
  const double min_flops = 65536.0;
  const int64_t by_cost = int64_t(double(n) * std::max(cost_per_item, 1.0) / min_flops);
  return std::clamp<int64_t>(by_cost, 1, std::min(n, max_chunks));
}

// Calls f(chunk, begin, end) for each of `chunks` contiguous, equal-as-possible slices of [0, n).
template <class F>
void parallel_chunks(int64_t n, int64_t chunks, F&& f) {
  if (n <= 0 || chunks <= 0) return;
  auto body = [&](int64_t c) {
    const int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
    if (b < e) f(c, b, e);
  };
  if (chunks == 1) {
    body(0);
    return;
  }
  tbb::parallel_for(tbb::blocked_range<int64_t>(0, chunks, 1),
                    [&](const tbb::blocked_range<int64_t>& r) {
                      for (int64_t c = r.begin(); c < r.end(); ++c) body(c);
                    },
                    tbb::simple_partitioner());
}

// Independent items: f(i) for i in [0, n), each writing only its own outputs.
template <class F>
void parallel_for_each(int64_t n, double cost_per_item, F&& f) {
  parallel_chunks(n, num_chunks(n, cost_per_item, 64), [&](int64_t, int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) f(i);
  });
}

// parallel_for_each as a core/index_loop.h loop, for the libraries that take one (int_gemm, fill_lut).
inline void tbb_index_loop(int64_t n, double cost_per_item, const IndexBody& body) {
  parallel_for_each(n, cost_per_item, body);
}

}  // namespace shiftadd::nn
