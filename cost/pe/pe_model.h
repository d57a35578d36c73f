#pragma once
// One PE kind: its per-step term p(a, b) (docs/hardware.md), its weight word and width rules, the
// energy op it costs, and a fast exact kernel for whole jobs. Everything kind-specific of the cost
// model lives in these files. Implementations: mult.cpp, shift.cpp, add.cpp (registry keys
// "mult", "shift", "add" == to_string(PeKind)).
#include <cstdint>
#include <memory>
#include <vector>

#include "core/registry.h"
#include "core/rng.h"
#include "cost/array_spec.h"

namespace shiftadd {

class PeModel {
 public:
  virtual ~PeModel() = default;
  virtual PeKind kind() const = 0;
  // Tech-table op that one term costs ("mult" | "shift" | "add") and the width it is looked up at.
  virtual const char* op_name() const = 0;
  virtual int op_bits(const ArraySpec& s) const = 0;
  // Exact term p(a, b), before overflow handling.
  virtual int64_t term(const ArraySpec& s, int64_t a, int64_t b) const = 0;
  // Upper bound of |p(a, b)| over the job's operands.
  virtual int64_t max_abs_term(const ArraySpec& s, const GemmJob& job) const = 0;
  // S[m][n] = sum_k p(A[m][k], B[k][n]) exactly, with no overflow handling (the fast path).
  virtual std::vector<int64_t> exact_sums(const ArraySpec& s, const GemmJob& job) const = 0;
  // U[m][n] >= sum_k |p(A[m][k], B[k][n])|, which bounds every partial sum of output (m, n).
  virtual std::vector<int64_t> abs_sum_bounds(const ArraySpec& s, const GemmJob& job) const = 0;
  // True when every term is <= 0: partial sums only fall, so saturation clamps the total.
  virtual bool terms_nonpositive() const { return false; }

  // The weight word: the hw config key that sets it, its width in the array and its legal codes.
  // Default: a two's-complement word of w_bits.
  virtual const char* weight_key() const { return "w_bits"; }
  virtual int b_bits(const ArraySpec& s) const { return s.w_bits; }
  virtual int64_t b_min(const ArraySpec& s) const { return -(int64_t(1) << (s.w_bits - 1)); }
  virtual int64_t b_max(const ArraySpec& s) const { return (int64_t(1) << (s.w_bits - 1)) - 1; }
  // Narrowest accumulator that holds one term exactly, and that rule in words ("a_bits + w_bits = 16
  // so one product is exact") for the config error.
  virtual int min_acc_bits(const ArraySpec& s) const = 0;
  virtual std::string min_acc_rule(const ArraySpec& s) const = 0;
  // A weight of an overflow-provoking job (cost/random_job.h); a_low: the activations favour their
  // minimum. Default: the extreme of the same sign, so products run away.
  virtual int64_t extreme_b(const ArraySpec& s, Rng& rng, bool a_low) const;
};

using PeRegistry = Registry<PeModel>;
void register_mult_pe(PeRegistry& r);
void register_shift_pe(PeRegistry& r);
void register_add_pe(PeRegistry& r);

const PeRegistry& pe_registry();  // built once, immutable
std::unique_ptr<PeModel> make_pe_model(PeKind kind);
const PeModel& pe_model(PeKind kind);  // one shared immutable instance per kind

}  // namespace shiftadd
