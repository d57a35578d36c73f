#pragma once
// Global buffers + DRAM for one GEMM instance on one array: DRAM traffic under a tiling, SRAM
// accesses, and the cycles the memories need. Rules in docs/hardware.md ("Accelerator model").
// Impl: double_buffer.cpp ("double_buffer").
#include <cstdint>
#include <memory>

#include "core/registry.h"
#include "workload/lowering.h"
#include "cost/array_result.h"
#include "cost/array_spec.h"

namespace shiftadd {

struct AccelConfig;

struct GemmTraffic {
  int64_t dram_read_bytes = 0, dram_write_bytes = 0;
  // SRAM word reads and writes (array side + DRAM fills/drains) per buffer.
  int64_t ifmap_reads = 0, ifmap_writes = 0, weight_reads = 0, weight_writes = 0, ofmap_reads = 0, ofmap_writes = 0;
  int64_t memory_cycles = 0;    // max of DRAM- and SRAM-bandwidth-bound cycles (overlappable)
  int64_t prologue_cycles = 0;  // first-tile fill + last-tile drain (not overlapped)
  int64_t dram_bytes() const { return dram_read_bytes + dram_write_bytes; }
};

// Activations already on chip / kept on chip (sim/accel/residency.h): a_sram: operand A is read
// from the global buffer, never from DRAM; out_sram: the output stays there, never written back.
struct GemmResidency {
  bool a_sram = false, out_sram = false;
};

class MemoryModel {
 public:
  virtual ~MemoryModel() = default;
  // events: the array's events for ONE instance of g (g.count is applied by the caller).
  virtual GemmTraffic gemm(const AccelConfig& cfg, const ArraySpec& s, const workload::GemmShape& g,
                           const ArrayEvents& events, GemmResidency res = {}) const = 0;
};

using MemoryModelRegistry = Registry<MemoryModel>;
void register_double_buffer(MemoryModelRegistry& r);
const MemoryModelRegistry& memory_model_registry();

}  // namespace shiftadd
