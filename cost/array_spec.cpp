#include "cost/array_spec.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {

const char* to_string(Dataflow d) { return d == Dataflow::kWS ? "ws" : "os"; }
const char* to_string(Overflow o) { return o == Overflow::kWrap ? "wrap" : "saturate"; }

Dataflow parse_dataflow(const std::string& s) {
  if (s == "ws") return Dataflow::kWS;
  if (s == "os") return Dataflow::kOS;
  throw InputError(fmt::format("unknown dataflow '{}': expected one of [ws, os]", s));
}

ArraySpecError::ArraySpecError(const std::string& array, std::string field, std::string detail)
    : InputError(fmt::format("array '{}': {} {}", array, field, detail)), field_(std::move(field)),
      detail_(std::move(detail)) {}

int ArraySpec::b_bits() const { return pe_model(pe).b_bits(*this); }

void validate_array_spec(const ArraySpec& s) {
  auto need = [&](bool ok, const char* field, const std::string& what) {
    if (!ok) throw ArraySpecError(s.name, field, what);
  };
  need(s.rows >= 1 && s.rows <= 256, "rows", "must be in [1, 256]");
  need(s.cols >= 1 && s.cols <= 256, "cols", "must be in [1, 256]");
  need(s.a_bits >= 2 && s.a_bits <= 16, "a_bits", "must be in [2, 16]");
  need(s.w_bits >= 2 && s.w_bits <= 16, "w_bits", "must be in [2, 16]");
  need(s.acc_bits >= 8 && s.acc_bits <= 48, "acc_bits", "must be in [8, 48]");
  need(s.shift_frac_bits >= 0 && s.shift_frac_bits <= 15, "shift_frac_bits", "must be in [0, 15]");
  const PeModel& pe = pe_model(s.pe);
  need(s.acc_bits >= pe.min_acc_bits(s), "acc_bits", "must be >= " + pe.min_acc_rule(s));
}

void validate_job(const ArraySpec& s, const GemmJob& job) {
  if (job.M < 1 || job.K < 1 || job.N < 1)
    throw InputError(fmt::format("GEMM shape {}x{}x{}: every dimension must be >= 1", job.M, job.K, job.N));
  if (int64_t(job.A.size()) != job.M * job.K)
    throw InputError(fmt::format("A has {} values, expected M*K = {}", job.A.size(), job.M * job.K));
  if (int64_t(job.B.size()) != job.K * job.N)
    throw InputError(fmt::format("B has {} values, expected K*N = {}", job.B.size(), job.K * job.N));
  const int64_t alo = -(int64_t(1) << (s.a_bits - 1)), ahi = (int64_t(1) << (s.a_bits - 1)) - 1;
  for (size_t i = 0; i < job.A.size(); ++i)
    if (job.A[i] < alo || job.A[i] > ahi)
      throw InputError(fmt::format("A[{}] = {} does not fit a_bits = {} (range [{}, {}])", i, job.A[i], s.a_bits, alo, ahi));
  const PeModel& pe = pe_model(s.pe);
  const int64_t blo = pe.b_min(s), bhi = pe.b_max(s);
  for (size_t i = 0; i < job.B.size(); ++i)
    if (job.B[i] < blo || job.B[i] > bhi)
      throw InputError(fmt::format("B[{}] = {} does not fit the {} weight word (range [{}, {}])", i, job.B[i],
                                   to_string(s.pe), blo, bhi));
}

}  // namespace shiftadd
