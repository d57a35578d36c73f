#pragma once
// Hardware config (configs/hw/*.yaml) parsed once into typed specs. Schema in docs/hardware.md
// ("Hardware configs"). Unknown keys are rejected; every error is a ConfigError naming file and key.
// The accelerator section (`accel:`) is parsed by cost/accel/accel_config.
#include <string>
#include <vector>

#include "cost/array_spec.h"

namespace shiftadd {

struct HwConfig {
  std::string file, name;
  double clock_mhz = 0;
  std::string tech_path;  // relative to the working directory (the repo root)
  std::vector<ArraySpec> arrays;
};

HwConfig load_hw_config(const std::string& path);
class YamlNode;
HwConfig parse_hw_config(const YamlNode& root);  // root of a hw config document (file() names it)
// The first array of that PE kind; InputError if the config has none.
const ArraySpec& find_array(const HwConfig& cfg, PeKind kind);

}  // namespace shiftadd
