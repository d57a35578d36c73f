#pragma once
// The vector / special-function unit: element-wise work (norms, softmax, activations, pooling,
// residual adds, gathers). Impl: lanes.cpp ("lanes").
#include <cstdint>

#include "core/registry.h"
#include "workload/lowering.h"

namespace shiftadd {

struct AccelConfig;

struct VectorResult {
  int64_t cycles = 0;
  double op_energy_pj = 0;
  int64_t sram_reads = 0, sram_writes = 0;  // ofmap-buffer words (a_bits wide)
  int64_t dram_bytes = 0;     // gathers read their table rows from DRAM
};

class VectorUnit {
 public:
  virtual ~VectorUnit() = default;
  virtual VectorResult run(const AccelConfig& cfg, const workload::VectorOp& op, int act_bits) const = 0;
};

using VectorUnitRegistry = Registry<VectorUnit>;
void register_lanes_vector_unit(VectorUnitRegistry& r);
const VectorUnitRegistry& vector_unit_registry();

}  // namespace shiftadd
