// `shiftadd crosscheck`: random GEMM jobs on the verilated RTL and the SystemC model, every output
// word and the cycle count compared (with each other and with the bit-exact reference).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "core/text_file.h"
#include "core/error.h"
#include "rtl/crosscheck.h"
#include "rtl/rtl_array.h"
#include "cost/hw_config.h"

namespace shiftadd::cli {
namespace {

struct CrosscheckCliOptions {
  std::string hw;
  int64_t cases = 1000;
  uint64_t seed = 1;
  std::string pe = "all", dataflow = "all", json_path;
};

void run_cmd(const CrosscheckCliOptions& o) {
  const HwConfig cfg = load_hw_config(o.hw);
  std::vector<ArraySpec> arrays;
  for (const ArraySpec& a : cfg.arrays)
    if (o.pe == "all" || parse_pe_kind(o.pe) == a.pe) arrays.push_back(a);
  if (arrays.empty()) throw InputError(fmt::format("crosscheck: {} has no {} array", cfg.file, o.pe));
  ArraySim session;  // this command owns the process's one SystemC session
  CrosscheckOptions opt;
  opt.systemc = &session;
  opt.cases = o.cases;
  opt.seed = o.seed;
  if (o.dataflow != "all") opt.dataflows = {parse_dataflow(o.dataflow)};

  std::cout << fmt::format("crosscheck {}: {} jobs, seed {}, arrays:", cfg.file, opt.cases, opt.seed);
  for (const auto& a : arrays) std::cout << fmt::format(" '{}' ({})", a.name, describe_variant(a));
  std::cout << "\n" << std::flush;
  const CrosscheckReport r = run_crosscheck(arrays, opt, &std::cout);
  print_crosscheck_summary(std::cout, r);
  if (!o.json_path.empty()) {
    write_file_atomic(o.json_path, crosscheck_json(r).dump(2) + "\n");
  }
  if (!r.ok())
    throw CrosscheckFailed(fmt::format("crosscheck: {} of {} jobs mismatched ({} mismatches); details above",
                                       r.failed_jobs, r.jobs, r.mismatch_count));
}

}  // namespace

void add_crosscheck(CLI::App& app) {
  auto o = std::make_shared<CrosscheckCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "crosscheck", "Compare the verilated RTL arrays with the SystemC models on random GEMM jobs");
  cmd->footer(
      "For every array of the config (filtered by --pe), both dataflows and both overflow modes, runs\n"
      "--cases random jobs in total (round-robin, deterministic from --seed): random shapes including\n"
      "non-multiples of the array size and M/K/N = 1, extreme operands that overflow the accumulator,\n"
      "all shift codes. Each job runs on the RTL and on the SystemC model; every output word and the\n"
      "cycle count (RTL cycles and SystemC total_cycles vs sim/fold_plan.h) are checked against\n"
      "reference_gemm. Every mismatch is printed; the exit status is non-zero if any job mismatched.\n"
      "The config's arrays need a verilated variant (rtl/CMakeLists.txt lists them).\n"
      "Example: shiftadd crosscheck --hw configs/hw/xcheck_4x4_narrow.yaml --cases 6000 --seed 1");
  cmd->add_option("--hw", o->hw, "Hardware config YAML (configs/hw/xcheck_*.yaml)")->required();
  cmd->add_option("--cases", o->cases, "Number of random jobs in total")
      ->check(CLI::Range(int64_t(1), int64_t(100000000)))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the job generator")->check(seed_check())->capture_default_str();
  cmd->add_option("--pe", o->pe, "Only arrays of this PE kind")
      ->check(CLI::IsMember({"all", "mult", "shift", "add"}))
      ->capture_default_str();
  cmd->add_option("--dataflow", o->dataflow, "Only this dataflow")
      ->check(CLI::IsMember({"all", "ws", "os"}))
      ->capture_default_str();
  cmd->add_option("--json", o->json_path, "Write the report (groups and every mismatch) as JSON");
  cmd->callback([o] { run_cmd(*o); });
}

}  // namespace shiftadd::cli
