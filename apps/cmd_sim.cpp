// `shiftadd sim`: run a GEMM on one PE array of a hardware config through the SystemC model and
// report cycles, latency, utilization, event counts and energy. With --net: a whole workload trace on
// the accelerator (sim/accel/), reports written into --out <dir>.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/run_dir.h"
#include "core/error.h"
#include "core/text_file.h"
#include "core/npy.h"
#include "core/rng.h"
#include "workload/trace.h"
#include "cost/accel/accelerator.h"
#include "cost/accel/net_report.h"
#include "sim/array_sim.h"
#include "sim/systemc_backend.h"
#include "cost/energy.h"
#include "cost/gemm_report.h"
#include "cost/hw_config.h"
#include "cost/random_job.h"
#include "cost/tech_table.h"
#include "cost/dataflow/dataflow_model.h"
#include "cost/pe/pe_model.h"

namespace shiftadd::cli {
namespace {

struct SimOptions {
  std::string hw = "configs/hw/default.yaml";
  std::string pe = "mult";
  std::string dataflow;  // empty: the array's own
  std::string gemm, a_path, b_path, out_path, json_path, vcd_path, net;
  bool timing_only = false;
  uint64_t seed = 1;
};

// "M,K,N" -> job shape.
GemmJob parse_gemm(const std::string& text) {
  GemmJob job;
  int64_t* dims[3] = {&job.M, &job.K, &job.N};
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    const size_t end = i < 2 ? text.find(',', pos) : text.size();
    const std::string part = end == std::string::npos ? "" : text.substr(pos, end - pos);
    size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (part.empty() || used != part.size() || v < 1 || v > (int64_t(1) << 20))
      throw InputError(fmt::format("--gemm '{}': expected M,K,N with integers in [1, 1048576]", text));
    *dims[i] = v;
    pos = end + 1;
  }
  return job;
}

// Reads one operand matrix; DataError naming the file if it is not an integer rows x cols array.
std::vector<int64_t> load_operand(const std::string& path, int64_t rows, int64_t cols, const char* what) {
  const NpyArray arr = read_npy(path);
  if (arr.shape != std::vector<int64_t>{rows, cols})
    throw DataError(path, fmt::format("{} must have shape ({}, {}) for --gemm, got a {}-d array", what, rows, cols,
                                      arr.shape.size()) +
                              (arr.shape.size() == 2 ? fmt::format(" ({}, {})", arr.shape[0], arr.shape[1]) : ""));
  return arr.to_int64(path);
}

GemmJob build_job(const SimOptions& o, const ArraySpec& spec) {
  if (o.gemm.empty()) throw InputError("sim: --gemm M,K,N is required");
  GemmJob job = parse_gemm(o.gemm);
  if (o.a_path.empty() != o.b_path.empty()) throw InputError("sim: give both --a and --b, or neither");
  if (!o.a_path.empty()) {
    job.A = load_operand(o.a_path, job.M, job.K, "A");
    job.B = load_operand(o.b_path, job.K, job.N, "B");
    try {
      validate_job(spec, job);
    } catch (const InputError& e) {
      throw DataError(o.a_path + ", " + o.b_path, e.what());
    }
  } else if (!o.timing_only) {
    Rng rng(o.seed);
    GemmJob r = random_gemm_job(spec, job.M, job.K, job.N, rng);
    job.A = std::move(r.A);
    job.B = std::move(r.B);
  }
  return job;
}

// Whole network: timing-only array model through the SystemC session, memories and vector unit.
void run_net(const SimOptions& o) {
  if (o.out_path.empty()) throw InputError("sim: --net needs --out <dir> for the reports");
  if (!o.gemm.empty() || !o.a_path.empty() || !o.b_path.empty())
    throw InputError("sim: --net cannot be combined with --gemm/--a/--b");
  const workload::Network net = workload::load_workload(o.net);
  for (const std::string& w : net.warnings) std::cerr << "warning: " << net.file << ": " << w << "\n";
  ArraySim session;  // this command owns the process's one SystemC session
  const Accelerator acc(load_accel_config(o.hw), make_systemc_backend(session));
  session.set_clock_mhz(acc.config().hw.clock_mhz);
  const NetReport rep = acc.simulate(net);
  write_net_reports(acc, rep, o.out_path);
  run_gnuplot(o.out_path + "/energy_breakdown.gp");
  const nlohmann::json s = summary_json(acc, rep);
  std::cout << fmt::format("{} on {}: {} cycles, {:.1f} us, utilization {:.3f}, energy {:.4g} uJ, DRAM {:.3f} MB\n",
                           rep.network, rep.hw, rep.total.cycles, acc.latency_ns(rep.total.cycles) / 1e3,
                           s["utilization"].get<double>(), rep.total.energy.total_pj() / 1e6, rep.total.dram_bytes / 1e6);
  std::cout << fmt::format("reports: {0}/layers.csv {0}/summary.json {0}/energy_breakdown.svg\n", o.out_path);
}

void run_sim(const SimOptions& o) {
  for (const auto& [opt, path] : {std::pair<const char*, const std::string&>{"--out", o.out_path}, {"--json", o.json_path},
                                  {"--vcd", o.vcd_path}})
    refuse_input_as_output(opt, path, {o.hw, o.a_path, o.b_path, o.net});
  if (!o.net.empty()) return run_net(o);
  if (o.timing_only && !o.out_path.empty()) throw InputError("sim: --out needs the functional mode (drop --timing-only)");
  const HwConfig cfg = load_hw_config(o.hw);
  const TechTable tech = load_tech_table(cfg.tech_path);
  ArraySpec spec = find_array(cfg, parse_pe_kind(o.pe));
  if (!o.dataflow.empty()) spec.dataflow = parse_dataflow(o.dataflow);
  const GemmJob job = build_job(o, spec);
  const ArrayEventCosts costs = array_event_costs(tech, spec);  // a missing tech width fails before simulating

  ArraySim sim(SessionOptions{o.vcd_path});
  sim.set_clock_mhz(cfg.clock_mhz);
  const ArrayRunResult r = sim.run(spec, job, o.timing_only);
  const EnergyBreakdown energy = array_energy(costs, r.events);

  GemmRunInfo info{cfg.file, tech.file, cfg.clock_mhz, o.timing_only};
  const nlohmann::json stats = gemm_stats_json(info, spec, job, r, energy);
  std::cout << gemm_stats_text(stats);
  if (!o.json_path.empty()) {
    write_file_atomic(o.json_path, stats.dump(2) + "\n");
  }
  if (!o.out_path.empty()) write_npy(o.out_path, make_npy_int64({job.M, job.N}, r.c));
}

}  // namespace

void add_sim(CLI::App& app) {
  auto o = std::make_shared<SimOptions>();
  CLI::App* cmd = app.add_subcommand("sim", "Simulate a GEMM on one PE array of a hardware config (SystemC TLM model)");
  cmd->footer(
      "Runs C = A x B (M x K times K x N) on the config's array of the chosen PE kind and prints cycles\n"
      "(compute = SCALE-Sim convention, total = with the final OS drain), latency at the config's clock,\n"
      "utilization, event counts and the energy breakdown from the config's tech table.\n"
      "Without --a/--b the operands are seeded random values valid for the PE kind (shift: 6-bit codes).\n"
      "Example: shiftadd sim --hw configs/hw/default.yaml --pe shift --gemm 64,128,32 --json stats.json");
  cmd->add_option("--hw", o->hw, "Hardware config YAML (configs/hw/*.yaml)")->capture_default_str();
  CLI::Option* pe = cmd->add_option("--pe", o->pe, "PE kind; selects the config's first array of that kind")
      ->check(CLI::IsMember(pe_registry().names()))
      ->capture_default_str();
  CLI::Option* df = cmd->add_option("--dataflow", o->dataflow, "Override the array's dataflow: ws (weight stationary) or os (output stationary)")
      ->check(CLI::IsMember(dataflow_registry().names()));
  cmd->add_option("--gemm", o->gemm, "GEMM shape M,K,N (required)");
  cmd->add_option("--a", o->a_path, "A operand: integer .npy of shape (M, K), values within a_bits");
  cmd->add_option("--b", o->b_path, "B operand: integer .npy of shape (K, N): w_bits values, or 6-bit shift codes");
  cmd->add_option("--out", o->out_path, "Write C as an int64 .npy of shape (M, N); with --net: the report directory");
  CLI::Option* net = cmd->add_option("--net", o->net, "Workload trace (traces/*.yaml or SCALE-Sim .csv): simulate the whole network on the accelerator");
  CLI::Option* json = cmd->add_option("--json", o->json_path, "Write the stats (cycles, events, energy) as JSON");
  CLI::Option* vcd = cmd->add_option("--vcd", o->vcd_path, "Write a VCD waveform (fold index, phase, busy, cumulative PE ops)");
  CLI::Option* timing = cmd->add_flag("--timing-only", o->timing_only, "Skip the arithmetic: cycles, events and energy only");
  CLI::Option* seed = cmd->add_option("--seed", o->seed, "Seed of the random operands")->check(seed_check())->capture_default_str();
  // A whole network has its own reports (--out) and maps every layer itself: refuse what would be ignored.
  for (CLI::Option* single : {pe, df, json, vcd, timing, seed}) net->excludes(single);
  cmd->callback([o] { run_sim(*o); });
}

}  // namespace shiftadd::cli
