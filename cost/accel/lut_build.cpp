// LUT headers (the cache digest) and space-wide filling: shared by `shiftadd lut` and the search.
#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "cost/accel/lut.h"
#include "workload/space/arch_workload.h"
#include "core/text_file.h"

namespace shiftadd {
namespace {

std::string file_text(const std::string& path) { return read_text_file(path); }

}  // namespace

Lut lut_header(const Accelerator& acc, const SearchSpace& space, const std::string& hw_path, const std::string& space_path) {
  const std::string all = file_text(hw_path) + file_text(acc.config().hw.tech_path) + file_text(acc.config().tech.file) +
                          file_text(space_path);
  Lut lut;
  lut.hw = acc.config().hw.name;
  lut.hw_file = fmt::format("{}#{:016x}", hw_path, std::hash<std::string>{}(all));
  lut.space = space.name;
  lut.clock_mhz = acc.config().hw.clock_mhz;
  lut.rule = acc.residency();
  return lut;
}

int64_t fill_space_lut(Lut& lut, const Accelerator& acc, const SearchSpace& space, const IndexLoop& loop) {
  std::vector<workload::Network> nets;
  for (const Arch& a : cover_archs(space)) nets.push_back(arch_to_network(space, a));
  return fill_lut(lut, acc, nets, loop);
}

}  // namespace shiftadd
