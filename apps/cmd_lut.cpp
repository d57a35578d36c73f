// `shiftadd lut`: energy/latency lookup table of every distinct layer a search space can produce on
// one accelerator (sim/accel/lut.h). An existing --out file built from the same hw and space files
// (same digest) is reused as the cache: only missing entries are simulated.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/lut_common.h"
#include "core/error.h"

namespace shiftadd::cli {
namespace {

struct LutOptions {
  std::string hw, space, out;
};

void run_lut(const LutOptions& o) {
  refuse_input_as_output("--out", o.out, {o.hw, o.space});
  const auto t0 = std::chrono::steady_clock::now();
  const SearchSpace space = load_space(o.space);
  const Accelerator acc(load_accel_config(o.hw));
  Lut lut = lut_header(acc, space, o.hw, o.space);
  int64_t reused = 0;
  std::error_code ec;
  if (std::filesystem::exists(o.out, ec)) {
    Lut old;
    try {
      old = load_lut(o.out);
    } catch (const DataError& e) {  // only a LUT is ever replaced
      throw InputError(fmt::format("--out {} exists and is not a LUT this version reads ({}); remove it or give "
                                   "another path", o.out, e.what()));
    }
    if (old.hw_file == lut.hw_file) {  // hw_file carries the digest of every input file
      lut.entries = old.entries;
      reused = int64_t(old.entries.size());
    }
  }
  const int64_t computed = fill_space_lut(lut, acc, space, nn::tbb_index_loop);
  save_lut(lut, o.out);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << fmt::format("{}: {} entries for space '{}' on '{}' ({} cover subnets; {} simulated, {} reused) in {:.2f} s\n",
                           o.out, lut.entries.size(), space.name, acc.config().hw.name, cover_archs(space).size(), computed, reused, s);
}

}  // namespace

void add_lut(CLI::App& app) {
  auto o = std::make_shared<LutOptions>();
  CLI::App* cmd = app.add_subcommand("lut", "Build the energy/latency lookup table of a search space on an accelerator");
  cmd->footer("Example: shiftadd lut --hw configs/hw/hybrid.yaml --space configs/space/cv_imagenet.yaml --out lut.json");
  cmd->add_option("--hw", o->hw, "Hardware config with an accel: section")->required();
  cmd->add_option("--space", o->space, "Search space YAML (configs/space/*.yaml)")->required();
  cmd->add_option("--out", o->out, "LUT JSON (reused as the cache when it matches)")->required();
  cmd->callback([o] { run_lut(*o); });
}

}  // namespace shiftadd::cli
