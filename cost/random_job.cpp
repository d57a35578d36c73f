#include "cost/random_job.h"

namespace shiftadd {
namespace {

int64_t lo_of(int bits) { return -(int64_t(1) << (bits - 1)); }
int64_t hi_of(int bits) { return (int64_t(1) << (bits - 1)) - 1; }

GemmJob shaped(int64_t M, int64_t K, int64_t N) {
  GemmJob j;
  j.M = M, j.K = K, j.N = N;
  j.A.resize(M * K);
  j.B.resize(K * N);
  return j;
}

}  // namespace

GemmJob random_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng) {
  GemmJob j = shaped(M, K, N);
  for (auto& a : j.A) a = rng.uniform_int(lo_of(s.a_bits), hi_of(s.a_bits));
  for (auto& b : j.B)
    b = s.pe == PeKind::kShift ? rng.uniform_int(0, 63) : rng.uniform_int(lo_of(s.w_bits), hi_of(s.w_bits));
  return j;
}

GemmJob extreme_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng) {
  GemmJob j = shaped(M, K, N);
  // Mostly one sign per operand so sums run away; some opposite extremes and zeros for variety.
  auto pick = [&](int64_t lo, int64_t hi, int64_t favoured) {
    const double u = rng.uniform01();
    return u < 0.7 ? favoured : u < 0.85 ? (favoured == lo ? hi : lo) : u < 0.95 ? int64_t(0) : rng.uniform_int(lo, hi);
  };
  const bool a_low = rng.bernoulli(0.5);
  for (auto& a : j.A) a = pick(lo_of(s.a_bits), hi_of(s.a_bits), a_low ? lo_of(s.a_bits) : hi_of(s.a_bits));
  for (auto& b : j.B) {
    if (s.pe == PeKind::kShift) {  // sign +1 with e = 0 (largest term), some -1 and some e = 15
      const double u = rng.uniform01();
      b = u < 0.7 ? 0x10 : u < 0.8 ? 0x30 : u < 0.9 ? 0x1F : rng.uniform_int(0, 63);
    } else {
      // mult: same sign as A (large positive products); add: opposite extreme (largest |a - b|).
      const bool b_low = s.pe == PeKind::kAdd ? !a_low : a_low;
      b = pick(lo_of(s.w_bits), hi_of(s.w_bits), b_low ? lo_of(s.w_bits) : hi_of(s.w_bits));
    }
  }
  return j;
}

}  // namespace shiftadd
