#pragma once
// Event counts and the result of one array job. No SystemC here (array_sim.h re-exports these).
#include <cstdint>
#include <vector>

namespace shiftadd {

// Definitions in docs/hardware.md ("Events"). Counts only; costs live in the tech table.
struct ArrayEvents {
  int64_t pe_ops = 0, words_in_a = 0, words_in_b = 0, words_in_psum = 0, words_out = 0,
          operand_reg_reads = 0, operand_reg_writes = 0, acc_updates = 0, pe_transfers = 0;
  int64_t psum_transfers = 0;  // the acc_bits-wide hops among pe_transfers (psums / results)

  ArrayEvents& operator+=(const ArrayEvents& o);
  ArrayEvents scaled(int64_t times) const;  // every count multiplied by `times`
  bool operator==(const ArrayEvents& o) const;
  bool operator!=(const ArrayEvents& o) const { return !(*this == o); }
};

struct ArrayRunResult {
  std::vector<int64_t> c;  // M*N row-major; empty in timing-only mode
  int64_t folds = 0, compute_cycles = 0, total_cycles = 0;
  ArrayEvents events;
  double utilization = 0;   // pe_ops / (R*C*total_cycles)
  int64_t sim_time_ps = 0;  // SystemC time this run advanced (== total_cycles * clock period)
};

}  // namespace shiftadd
