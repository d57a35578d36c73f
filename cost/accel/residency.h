#pragma once
// Activation residency across layers (accel.buffers.reuse: layer_to_layer): which layer inputs are
// read from the on-chip global buffer instead of DRAM, and which outputs stay there instead of being
// written back. One pure function of the block structure, shared by whole-network simulation and
// the lookup table, so both key and cost every layer the same way. Rules: docs/hardware.md
// ("Activation reuse across layers").
#include <cstdint>
#include <vector>

#include "workload/network.h"

namespace shiftadd {

struct AccelConfig;

// capacity_bytes == 0: no reuse (every layer reads its input from DRAM and writes its output back).
struct ResidencyRule {
  int64_t capacity_bytes = 0;  // on-chip room for live activations (half the ifmap buffer)
  int64_t act_bytes = 1;       // bytes per activation element
  int64_t bytes(const workload::ActShape& s) const { return s.elems() * act_bytes; }
  bool fits(const workload::ActShape& s) const { return capacity_bytes > 0 && bytes(s) <= capacity_bytes; }
};
ResidencyRule residency_rule(const AccelConfig& cfg);

// Where a layer finds its input and leaves its output (one copy).
struct LayerResidency {
  bool in_sram = false, out_sram = false;
  int code() const { return int(in_sram) * 2 + int(out_sram); }
};

struct BlockResidency {
  std::vector<std::vector<LayerResidency>> branches;  // per branch, per layer
  std::vector<LayerResidency> post;
  bool out_sram = false;  // the block output actually stayed on chip
};

// in_sram: the block input is on chip; want_out: the next consumer reads the block output from
// the chip if it fits (the caller checked the block output alone fits).
BlockResidency block_residency(const ResidencyRule& rule, const workload::Block& b, bool in_sram, bool want_out);

// Consecutive copies of a block with the same boundary context.
struct BlockRun {
  bool in_sram = false, want_out = false;
  int64_t copies = 1;
  BlockResidency plan;
};
// Runs of one block whose first copy's input residency is in_sram and whose output is read by the
// next block (next_reads: same shape follows).
std::vector<BlockRun> block_runs(const ResidencyRule& rule, const workload::Block& b, bool in_sram, bool next_reads);
// Per block of net, its runs in order (1 to 3 runs: first copy, middle copies, last copy). The
// network input and output live in DRAM; a block output is kept only when the next block reads it
// as its input (same shape) and it fits.
std::vector<std::vector<BlockRun>> network_residency(const ResidencyRule& rule, const workload::Network& net);

}  // namespace shiftadd
