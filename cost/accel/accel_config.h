#pragma once
// The accelerator around the PE arrays: the `accel:` section of a hw config (configs/hw/*.yaml;
// schema in docs/hardware.md, "Accelerator model"), parsed once into typed specs.
#include <string>

#include "cost/accel/accel_tech.h"
#include "cost/hw_config.h"

namespace shiftadd {

// One global buffer. A word is one element of the operand it holds (ifmap: a_bits, weight: the
// array's B word, ofmap: acc_bits for partial sums, a_bits for final outputs).
struct BufferSpec {
  double size_kb = 0;
  int banks = 1;
  double bandwidth_words_per_cycle = 0;  // array-side reads + writes per cycle, all banks together
};

struct AccelConfig {
  HwConfig hw;
  AccelTech tech;
  std::string memory_impl = "double_buffer";  // registry key (sim/accel/memory_model.h)
  std::string vector_impl = "lanes";          // registry key (sim/accel/vector_unit.h)
  BufferSpec ifmap, weight, ofmap;
  // accel.buffers.reuse: "layer_to_layer" keeps activations on chip between layers when they fit
  // (sim/accel/residency.h), "none" sends every layer output to DRAM and back.
  bool reuse_layer_to_layer = false;
  double dram_bytes_per_cycle = 0;  // given directly, or from bandwidth_gb_s at clock_mhz
  double dram_bandwidth_gb_s = 0;   // as given (0: the config gave bytes per cycle)
  std::string dram_type;            // accel.dram.type: a key of the tech table's dram: section
  double dram_energy_pj_per_bit = 0;  // that type's energy
  int vector_lanes = 1;
};

// load_hw_config() plus the `accel:` section (required here). ConfigError names file and key.
AccelConfig load_accel_config(const std::string& path);
double dram_bytes_per_cycle(double gb_s, double clock_mhz);
// The same from YAML text; `file` names it in errors.
AccelConfig parse_accel_config(const std::string& text, const std::string& file);
// A complete hw config that parse_accel_config() reads back to the same AccelConfig (every field
// written, doubles in shortest round-trip form).
std::string accel_config_yaml(const AccelConfig& cfg);
// "" when every buffer holds the smallest tile of every array (one array-sized block, double-buffered);
// otherwise which buffer is too small for which array, and the size it needs. `key` gets the buffer's name.
std::string tile_problem(const AccelConfig& cfg, std::string* key = nullptr);
// Total area in mm^2: PEs of every array + SRAM + vector lanes.
double accel_area_mm2(const AccelConfig& cfg);

}  // namespace shiftadd
