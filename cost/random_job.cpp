#include "cost/random_job.h"

#include "cost/pe/pe_model.h"

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

int64_t pick_extreme(int64_t lo, int64_t hi, int64_t favoured, Rng& rng) {
  const double u = rng.uniform01();
  return u < 0.7 ? favoured : u < 0.85 ? (favoured == lo ? hi : lo) : u < 0.95 ? int64_t(0) : rng.uniform_int(lo, hi);
}

GemmJob random_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng) {
  GemmJob j = shaped(M, K, N);
  for (auto& a : j.A) a = rng.uniform_int(lo_of(s.a_bits), hi_of(s.a_bits));
  const PeModel& pe = pe_model(s.pe);
  for (auto& b : j.B) b = rng.uniform_int(pe.b_min(s), pe.b_max(s));
  return j;
}

GemmJob extreme_gemm_job(const ArraySpec& s, int64_t M, int64_t K, int64_t N, Rng& rng) {
  GemmJob j = shaped(M, K, N);
  // Mostly one sign per operand so sums run away; some opposite extremes and zeros for variety.
  const bool a_low = rng.bernoulli(0.5);
  for (auto& a : j.A) a = pick_extreme(lo_of(s.a_bits), hi_of(s.a_bits), a_low ? lo_of(s.a_bits) : hi_of(s.a_bits), rng);
  const PeModel& pe = pe_model(s.pe);
  for (auto& b : j.B) b = pe.extreme_b(s, rng, a_low);
  return j;
}

}  // namespace shiftadd
