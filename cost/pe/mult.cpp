// Multiplier PE: p = a * b. Jobs run as one exact floating-point GEMM.
#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

#include "cost/exact_gemm.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

std::vector<int64_t> abs_of(const std::vector<int64_t>& v) {
  std::vector<int64_t> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) out[i] = std::llabs(v[i]);
  return out;
}

class MultPe : public PeModel {
 public:
  PeKind kind() const override { return PeKind::kMult; }
  const char* op_name() const override { return "mult"; }
  int op_bits(const ArraySpec& s) const override { return std::max(s.a_bits, s.w_bits); }
  int64_t term(const ArraySpec&, int64_t a, int64_t b) const override { return a * b; }
  int min_acc_bits(const ArraySpec& s) const override { return s.a_bits + s.w_bits; }
  std::string min_acc_rule(const ArraySpec& s) const override {
    return fmt::format("a_bits + w_bits = {} so one product is exact", min_acc_bits(s));
  }
  int64_t max_abs_term(const ArraySpec&, const GemmJob& job) const override {
    return max_abs(job.A) * max_abs(job.B);
  }
  std::vector<int64_t> exact_sums(const ArraySpec&, const GemmJob& job) const override {
    return exact_int_gemm(job.M, job.K, job.N, job.A, job.B);
  }
  std::vector<int64_t> abs_sum_bounds(const ArraySpec&, const GemmJob& job) const override {
    return exact_int_gemm(job.M, job.K, job.N, abs_of(job.A), abs_of(job.B));
  }
};

}  // namespace

void register_mult_pe(PeRegistry& r) {
  r.add("mult", [] { return std::unique_ptr<PeModel>(new MultPe()); });
}

}  // namespace shiftadd
