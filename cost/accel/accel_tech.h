#pragma once
// Costs around the PE arrays (configs/tech/accel_*.yaml): SRAM energy scaled with bank size, DRAM
// energy per bit, per-element vector-unit costs, area per PE kind and per KB of SRAM. Parsed once;
// unknown keys rejected; every number carries its source. Use in docs/hardware.md ("Accelerator model").
#include <map>
#include <string>

#include "workload/lowering.h"
#include "cost/array_spec.h"

namespace shiftadd {

struct VectorCost {
  double energy_pj = 0;  // per element
  double cycles = 1;     // per element per lane
};

struct AccelTech {
  std::string file, name;
  double sram_ref_kb = 8, sram_energy_pj = 0, sram_exponent = 0.5;  // per 16-bit access at ref_kb
  double dram_energy_pj_per_bit = 0;
  std::map<workload::VectorKind, VectorCost> vector;  // every VectorKind present
  std::map<PeKind, double> pe_area_um2;               // every PeKind present
  double sram_area_um2_per_kb = 0, vector_lane_area_um2 = 0;

  // One `bits`-wide access of a bank of bank_kb: E_ref * (bank_kb / ref_kb)^exponent * bits / 16.
  double sram_access_pj(double bank_kb, int bits) const;
};

AccelTech load_accel_tech(const std::string& path);

}  // namespace shiftadd
