#include "cost/functional_gemm.h"

namespace shiftadd {

int64_t wrap_to_bits(int64_t v, int bits) {
  const uint64_t mask = (uint64_t(1) << bits) - 1;
  uint64_t u = uint64_t(v) & mask;
  if (u >> (bits - 1)) u |= ~mask;
  return int64_t(u);
}

namespace {

int64_t saturating_sequence(const PeModel& pe, const ArraySpec& s, const GemmJob& job, int64_t m, int64_t n,
                            int64_t lo, int64_t hi) {
  int64_t acc = 0;
  for (int64_t k = 0; k < job.K; ++k) {
    acc += pe.term(s, job.A[m * job.K + k], job.B[k * job.N + n]);
    acc = acc > hi ? hi : acc < lo ? lo : acc;
  }
  return acc;
}

}  // namespace

std::vector<int64_t> functional_gemm(const PeModel& pe, const ArraySpec& s, const GemmJob& job,
                                     FunctionalStats* stats) {
  const int64_t hi = (int64_t(1) << (s.acc_bits - 1)) - 1, lo = -hi - 1;
  std::vector<int64_t> c = pe.exact_sums(s, job);
  // No partial sum can leave [lo, hi]: both modes equal the exact sum.
  if (__int128(job.K) * pe.max_abs_term(s, job) <= hi) return c;
  if (s.overflow == Overflow::kWrap) {  // modular sums do not depend on the order
    for (auto& v : c) v = wrap_to_bits(v, s.acc_bits);
    return c;
  }
  if (pe.terms_nonpositive()) {  // monotone partial sums: once at lo they stay there
    for (auto& v : c) v = v < lo ? lo : v;
    return c;
  }
  const std::vector<int64_t> bound = pe.abs_sum_bounds(s, job);
  int64_t replayed = 0;
  for (int64_t m = 0; m < job.M; ++m)
    for (int64_t n = 0; n < job.N; ++n)
      if (bound[m * job.N + n] > hi) {
        c[m * job.N + n] = saturating_sequence(pe, s, job, m, n, lo, hi);
        ++replayed;
      }
  if (stats) stats->sequential_outputs = replayed;
  return c;
}

}  // namespace shiftadd
