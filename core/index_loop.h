#pragma once
// A loop over independent indices: body(i) is called once for every i in [0, n), in any order or
// in parallel, and each call writes only its own outputs, so the result never depends on the
// schedule. Libraries that must not need TBB (workload, cost) take one of these; serial_loop is the
// default and models/parallel.h (tbb_index_loop) provides the deterministic TBB one.
#include <cstdint>
#include <functional>

namespace shiftadd {

using IndexBody = std::function<void(int64_t)>;
using IndexLoop = std::function<void(int64_t n, double cost_per_item, const IndexBody& body)>;

inline void serial_loop(int64_t n, double /*cost_per_item*/, const IndexBody& body) {
  for (int64_t i = 0; i < n; ++i) body(i);
}

}  // namespace shiftadd
