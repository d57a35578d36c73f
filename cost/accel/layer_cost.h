#pragma once
// Cost of one layer (one copy) on the accelerator and its arithmetic, shared by whole-network
// simulation and the lookup-table predictor; plus the ideal branch-overlap bound that the predictor
// uses (the simulator schedules branches instead: branch_scheduler.h; docs/hardware.md).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shiftadd {

struct AccelEnergy {
  std::map<std::string, double> op_pj;  // PE op kind ("mult", "shift", "add"): terms + accumulator adds
  double rf_pj = 0;      // operand registers in the PEs
  double array_pj = 0;   // PE-to-PE hops and array-edge delivery (NoC)
  double sram_pj = 0;    // global buffers (ifmap, weight, ofmap)
  double dram_pj = 0;
  double vector_pj = 0;  // vector-unit arithmetic
  double total_pj() const;
  AccelEnergy& operator+=(const AccelEnergy& o);
  AccelEnergy scaled(double k) const;
};

// Resources whose busy time limits overlap: the PE arrays (at most kMaxArrays) and the vector unit.
inline constexpr int kMaxArrays = 8;
inline constexpr int kVectorResource = kMaxArrays;

struct LayerCost {
  int64_t cycles = 0;          // latency of the layer
  int64_t compute_cycles = 0;  // array cycles alone (timing-only array model)
  int64_t vector_cycles = 0;
  int64_t dram_cycles = 0;     // DRAM bytes / bandwidth (for branches sharing DRAM)
  int64_t pe_ops = 0, dram_bytes = 0;
  uint32_t arrays_mask = 0;    // bit i: array i of the config was used
  std::array<int64_t, kMaxArrays + 1> busy{};  // cycles each array (and the vector unit) is occupied
  AccelEnergy energy;
  LayerCost& operator+=(const LayerCost& o);  // sequential composition
  LayerCost scaled(int64_t k) const;          // k copies in sequence
};

// LUT rule. Branches of one block run concurrently, sharing the arrays, the vector unit and DRAM:
// cycles = max(longest branch, max over resources of the summed busy cycles, summed DRAM cycles)
// (ideal overlap; a single branch is just its sum). *concurrent: the result is below the serial sum.
LayerCost combine_branches(const std::vector<LayerCost>& branches, bool* concurrent = nullptr);

}  // namespace shiftadd
