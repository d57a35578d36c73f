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

// Per-bit SRAM energy as a power law of the buffer size, E(size_kb) = exp(log_e0 + slope * ln size_kb),
// fitted by least squares in log-log space to the table's Cacti points.
struct PowerLaw {
  double log_e0 = 0, slope = 0;
  double at(double size_kb) const;
};

struct AccelTech {
  std::string file, name;
  PowerLaw sram_read_pj_per_bit, sram_write_pj_per_bit;
  std::map<std::string, double> dram_pj_per_bit;      // by DRAM type (accel.dram.type of a hw config)
  std::map<workload::VectorKind, VectorCost> vector;  // every VectorKind present
  std::map<PeKind, double> pe_area_um2;               // every PeKind present
  double sram_area_um2_per_kb = 0, vector_lane_area_um2 = 0;

  // One `bits`-wide read / write of a buffer of size_kb (docs/hardware.md, "Energy by level").
  double sram_read_pj(double size_kb, int bits) const { return sram_read_pj_per_bit.at(size_kb) * bits; }
  double sram_write_pj(double size_kb, int bits) const { return sram_write_pj_per_bit.at(size_kb) * bits; }
};

AccelTech load_accel_tech(const std::string& path);

}  // namespace shiftadd
