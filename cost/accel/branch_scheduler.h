#pragma once
// Deterministic schedule of the concurrent branches of one block (whole-network simulation).
// Each branch is a chain of tasks run in order; a task starts when its predecessor is done and its
// resource (a PE sub-array or the vector unit) is free, lower branch index first on ties. Running
// tasks share DRAM bandwidth max-min fairly: a task alone would move dram_bytes in `cycles` (rate
// d = dram_bytes / cycles); it gets min(d, fair share) and progresses at that fraction of d.
// Rules: docs/hardware.md ("Branch scheduling").
#include <cstdint>
#include <vector>

namespace shiftadd {

struct SchedTask {
  int resource = 0;        // array index, or kVectorResource (layer_cost.h)
  int64_t cycles = 0;      // duration alone (its own DRAM and SRAM bounds included)
  int64_t dram_bytes = 0;  // DRAM traffic during those cycles
};

// Makespan in cycles (fractional completion rounded up). A single branch gives its serial sum.
int64_t schedule_branches(const std::vector<std::vector<SchedTask>>& branches, double dram_bytes_per_cycle);

}  // namespace shiftadd
