#pragma once
// Shared by the lut, cost and lut-validate subcommands.
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "core/error.h"
#include "workload/space/arch_workload.h"
#include "workload/space/space.h"
#include "cost/accel/lut.h"
#include "models/parallel.h"

namespace shiftadd::cli {

inline std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// hw_file = "<path>#<digest of hw, tech, accel tech and space files>", so a LUT is reused as a cache
// only when none of its inputs changed.
inline Lut lut_header(const Accelerator& acc, const SearchSpace& space, const std::string& hw, const std::string& sp) {
  const std::string all = file_text(hw) + file_text(acc.config().hw.tech_path) + file_text(acc.config().tech.file) +
                          file_text(sp);
  Lut lut;
  lut.hw = acc.config().hw.name;
  lut.hw_file = fmt::format("{}#{:016x}", hw, std::hash<std::string>{}(all));
  lut.space = space.name;
  lut.clock_mhz = acc.config().hw.clock_mhz;
  lut.rule = acc.residency();
  return lut;
}

}  // namespace shiftadd::cli
