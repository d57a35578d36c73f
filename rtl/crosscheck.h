#pragma once
// RTL cross-check: random GEMM jobs run on the verilated RTL and on the SystemC model
// (ArraySim), every output word and the cycle count compared with each other and with the
// bit-exact reference (reference_gemm, total_cycles). Shared by `shiftadd crosscheck` and tests.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/error.h"
#include "cost/array_spec.h"
#include "sim/array_sim.h"

namespace shiftadd {

// Thrown by the CLI after printing the report when any job mismatched.
class CrosscheckFailed : public Error {
 public:
  using Error::Error;
};

struct CrosscheckOptions {
  int64_t cases = 1000;  // jobs in total, spread round-robin over arrays x dataflows x overflows
  uint64_t seed = 1;
  std::vector<Dataflow> dataflows = {Dataflow::kWS, Dataflow::kOS};
  std::vector<Overflow> overflows = {Overflow::kWrap, Overflow::kSaturate};
  ArraySim* systemc = nullptr;    // also run every job on this SystemC session (null: RTL vs reference only)
  double long_k_fraction = 0.03;  // jobs with K long enough to overflow a wide accumulator
  int64_t max_long_k = 150000;    // cap on such K (keeps one job well under a second)
  // Test hook: alters the RTL result (words, cycles) before it is compared.
  std::function<void(int64_t job, std::vector<int64_t>& c, int64_t& cycles)> tamper;
};

// One disagreement. model: "rtl" or "systemc"; what: "word", "cycles", "size" or "error".
struct CrosscheckMismatch {
  int64_t job = 0;
  std::string array, model, what;
  PeKind kind = PeKind::kMult;
  Dataflow dataflow = Dataflow::kWS;
  Overflow overflow = Overflow::kWrap;
  int64_t M = 0, K = 0, N = 0;
  int64_t m = -1, n = -1;            // word position (what == "word")
  int64_t expected = 0, got = 0;     // word values, or cycles
  int64_t expected_cycles = 0, rtl_cycles = 0, systemc_cycles = 0;
  std::string message;               // what == "error"
};

// Totals per (array, dataflow, overflow).
struct CrosscheckGroup {
  std::string array;
  PeKind kind = PeKind::kMult;
  Dataflow dataflow = Dataflow::kWS;
  Overflow overflow = Overflow::kWrap;
  int64_t jobs = 0, words = 0, cycles = 0;
  int64_t overflowed_jobs = 0;  // jobs where some accumulator left its range (wrapped or clamped)
  int64_t degenerate_jobs = 0;  // M, K or N == 1
  int64_t ragged_jobs = 0;      // a folded dimension not a multiple of the array size
  int64_t rtl_word_mismatches = 0, systemc_word_mismatches = 0, cycle_mismatches = 0, errors = 0;
  int64_t failed_jobs = 0;
};

struct CrosscheckReport {
  std::vector<CrosscheckGroup> groups;
  std::vector<CrosscheckMismatch> mismatches;  // the first kMaxStored
  int64_t jobs = 0, words = 0, failed_jobs = 0, mismatch_count = 0;
  uint64_t shift_codes_seen = 0;  // bit c set: shift code c was an operand of some shift job
  bool ok() const { return failed_jobs == 0; }
  static constexpr size_t kMaxStored = 100000;
};

// Runs opt.cases jobs over the given arrays (their dataflow/overflow fields are overridden).
// Throws InputError if an array has no verilated variant. If log is set, each failing job is
// printed there as it happens (job id, kind, dataflow, overflow, shape, positions, values, cycles).
CrosscheckReport run_crosscheck(const std::vector<ArraySpec>& arrays, const CrosscheckOptions& opt,
                                std::ostream* log = nullptr);

void print_crosscheck_summary(std::ostream& os, const CrosscheckReport& r);
nlohmann::json crosscheck_json(const CrosscheckReport& r);

}  // namespace shiftadd
