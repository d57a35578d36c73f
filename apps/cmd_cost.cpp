// `shiftadd cost`: a subnet's energy and latency predicted from a lookup table (entries in their
// residency context, sim/accel/residency.h; hybrid branches overlap by combine_branches, layer_cost.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/lut_common.h"

namespace shiftadd::cli {
namespace {

struct CostOptions {
  std::string lut, arch, space;
  double clock_mhz = 0;
};

void run_cost(const CostOptions& o) {
  const Lut lut = load_lut(o.lut);
  const SearchSpace space = load_space(o.space);
  if (space.name != lut.space)
    throw InputError(fmt::format("{}: LUT is for space '{}', --space {} is '{}'", o.lut, lut.space, o.space, space.name));
  const Arch arch = load_arch(o.arch, space);  // ConfigError if not a member of the space
  const LayerCost c = predict(lut, arch_to_network(space, arch));
  const double clock = lut.clock_mhz;
  std::cout << fmt::format("{} on {}: {} cycles, latency {:.1f} us, energy {:.4g} uJ, DRAM {:.3f} MB\n", o.arch, lut.hw,
                           c.cycles, double(c.cycles) / clock, c.energy.total_pj() / 1e6, double(c.dram_bytes) / 1e6);
}

}  // namespace

void add_cost(CLI::App& app) {
  auto o = std::make_shared<CostOptions>();
  CLI::App* cmd = app.add_subcommand("cost", "Predict a subnet's energy and latency from a lookup table");
  cmd->footer("Example: shiftadd cost --lut lut.json --space configs/space/cv_imagenet.yaml --arch subnet.yaml");
  cmd->add_option("--lut", o->lut, "LUT JSON from `shiftadd lut`")->required();
  cmd->add_option("--arch", o->arch, "Subnet YAML (must be a member of the space)")->required();
  cmd->add_option("--space", o->space, "Search space YAML the LUT was built for")->required();
  cmd->callback([o] { run_cost(*o); });
}

}  // namespace shiftadd::cli
