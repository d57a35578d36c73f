// shiftadd dse --config configs/dse/<name>.yaml --out <dir> [--seed S] [--resume]: design-space
// exploration of the accelerator (search/dse/) with the search's strategies and generation loop.
// Wiring only: every input is loaded and checked before anything is written; every front member is
// re-simulated through the SystemC session and written as a complete hw config.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/mpi_run.h"
#include "apps/run_dir.h"
#include "core/error.h"
#include "core/text_file.h"
#include "search/dse/dse_report.h"
#include "search/report.h"
#include "search/run_loop.h"
#include "sim/array_sim.h"
#include "sim/systemc_backend.h"

namespace shiftadd::cli {
namespace {
namespace fs = std::filesystem;
using namespace shiftadd::search;

struct DseOptions {
  std::string config, out;
  int64_t seed = -1;
  int threads = 0;  // 0: the config's executor
  bool resume = false;
};

// Every front member on the SystemC session (timing through the session's array target), its
// complete hw config written to best/<k>/hw.yaml and read back for the run, so the file is what ran.
std::vector<DseFrontRow> recheck_front(const DseProblem& problem, const RunLoop& run, const std::string& out) {
  ArraySim session;  // this command owns the process's one SystemC session
  std::vector<DseFrontRow> rows;
  for (int i : run.front()) {
    DseFrontRow r;
    r.e = run.state().archive[size_t(i)];
    r.hw_path = fmt::format("best/{}/hw.yaml", rows.size());
    std::string reason;
    const std::string yaml = accel_config_yaml(problem.codec().decode(r.e.genome, reason));
    fs::create_directories(fmt::format("{}/best/{}", out, rows.size()));
    write_file_atomic(out + "/" + r.hw_path, yaml);
    const AccelConfig cfg = parse_accel_config(yaml, out + "/" + r.hw_path);
    r.analytic = problem.run(cfg);
    session.set_clock_mhz(cfg.hw.clock_mhz);
    r.sim = problem.run(cfg, make_systemc_backend(session));
    rows.push_back(std::move(r));
  }
  return rows;
}

nlohmann::json summary(const DseConfig& cfg, const DseProblem& problem, const RunLoop& run,
                       const std::vector<DseFrontRow>& rows) {
  const SearchState& s = run.state();
  std::map<std::string, int64_t> invalid;
  int64_t feasible = 0;
  for (const Evaluated& e : s.archive) {
    if (!e.m.invalid.empty()) ++invalid[e.m.invalid.substr(0, e.m.invalid.find(" (") )];
    feasible += e.violation == 0;
  }
  double max_e = 0, max_l = 0;
  for (const DseFrontRow& r : rows) {
    max_e = std::max(max_e, std::abs(diff_pct(r.sim.energy_uj, r.e.m.cost.energy_uj)));
    max_l = std::max(max_l, std::abs(diff_pct(r.sim.latency_ms, r.e.m.cost.latency_ms)));
  }
  nlohmann::json j{{"config", cfg.file}, {"digest", s.digest}, {"seed", s.seed}, {"base", cfg.space.base_path},
                   {"strategy", cfg.strategy.impl}, {"objectives", cfg.objectives}, {"reference", cfg.reference},
                   {"designs_in_space", problem.codec().designs()}, {"evaluations", s.stats.evaluations},
                   {"feasible", feasible}, {"invalid", invalid}, {"rejected_by_limits", s.stats.rejected},
                   {"duplicate_draws", s.stats.duplicates}, {"exhausted_candidates", s.stats.exhausted},
                   {"immigrants", s.stats.immigrants}, {"front_size", rows.size()},
                   {"hypervolume", s.history.empty() ? 0.0 : s.history.back().hypervolume},
                   {"recheck", {{"backend", "systemc"}, {"max_abs_energy_diff_pct", max_e}, {"max_abs_latency_diff_pct", max_l}}},
                   {"history", history_json(s.history)}};
  for (const DseWorkload& w : cfg.workloads)
    j["workloads"].push_back({{"label", w.label}, {"file", w.trace.empty() ? w.subnet : w.trace}, {"weight", w.weight}});
  return j;
}

void run_dse(const DseOptions& o) {
  MpiSession mpi;  // under mpirun: rank 0 runs the exploration, the other ranks score designs
  DseConfig cfg = load_dse_config(o.config);
  if (o.seed >= 0) cfg.seed = uint64_t(o.seed);
  if (o.threads > 0) cfg.executor = ExecutorSpec{o.threads == 1 ? "serial" : "threads", o.threads};
  const std::vector<DseNetwork> nets = load_dse_workloads(cfg);
  DseProblem problem(cfg.space, nets);
  if (mpi.rank() > 0) {
    if (mpi.wait_go()) mpi.serve(problem);
    return;
  }
  const auto strategy = strategy_registry().make(cfg.strategy.impl, cfg.strategy, cfg.objectives);
  const auto executor = mpi.distributed() ? mpi.executor() : executor_registry().make(cfg.executor.impl, cfg.executor);
  check_output_dir(o.out, o.resume, "checkpoint.json");
  RunLoop run(RunSpec{cfg.file, dse_digest(cfg), cfg.strategy, cfg.objectives, cfg.constraints, cfg.reference}, problem,
              *strategy, *executor, cfg.seed, o.out, o.resume);
  problem.check_some_valid(cfg.file, cfg.constraints.max_tries, cfg.seed);
  run.check_reachable();
  const RunLock lock(o.out);  // the first write into --out
  mpi.go();
  std::cout << fmt::format("dse: {:.6g} designs in the space, {} workloads, strategy {}, {}\n", problem.codec().designs(),
                           nets.size(), cfg.strategy.impl,
                           mpi.distributed() ? fmt::format("{} MPI ranks scoring", mpi.size() - 1)
                                             : fmt::format("{} ({} workers)", cfg.executor.impl, executor->workers()))
            << std::flush;
  run.run(std::cout, "dse");
  if (run.front().empty())
    throw InputError(fmt::format("{}: no evaluated design is valid and within the limits ({} evaluated; summary in "
                                 "{}/journal.jsonl)", cfg.file, run.state().stats.evaluations, o.out));
  fs::remove_all(o.out + "/best");  // a resumed run rewrites its front
  const std::vector<DseFrontRow> rows = recheck_front(problem, run, o.out);
  write_points_csv(o.out + "/points.csv", cfg.space, run.state().archive);
  write_dse_pareto_csv(o.out + "/pareto.csv", cfg.space, nets, rows);
  write_dse_plot(o.out, run.state().archive, rows, fmt::format("{} ({} designs evaluated)", cfg.file, run.state().stats.evaluations));
  run_gnuplot(o.out + "/pareto.gp");
  const nlohmann::json j = summary(cfg, problem, run, rows);
  write_file_atomic(o.out + "/summary.json", j.dump(1) + "\n");
  std::cout << fmt::format("front: {} designs (hypervolume {:.6g}); SystemC re-simulation within {:.3g}% energy, {:.3g}% latency\n",
                           rows.size(), j["hypervolume"].get<double>(), j["recheck"]["max_abs_energy_diff_pct"].get<double>(),
                           j["recheck"]["max_abs_latency_diff_pct"].get<double>());
  for (size_t k = 0; k < rows.size() && k < 10; ++k)
    std::cout << fmt::format("  [{}] {}  area {:.4g} mm2  energy {:.4g} uJ  latency {:.4g} ms\n", k, rows[k].e.key,
                             rows[k].e.m.cost.area_mm2, rows[k].e.m.cost.energy_uj, rows[k].e.m.cost.latency_ms);
  if (rows.size() > 10) std::cout << fmt::format("  ... {} more in pareto.csv\n", rows.size() - 10);
  std::cout << fmt::format("{}: points.csv, pareto.csv, pareto.svg, summary.json, best/<k>/hw.yaml\n", o.out);
}

}  // namespace

void add_dse(CLI::App& app) {
  auto o = std::make_shared<DseOptions>();
  CLI::App* cmd = app.add_subcommand("dse", "Design-space exploration of the accelerator (PE arrays, widths, buffers, DRAM, clock)");
  cmd->footer(
      "Example: shiftadd dse --config configs/dse/quick.yaml --out runs/dse/quick\n"
      "Writes <out>/points.csv, pareto.csv, pareto.svg, summary.json, journal.jsonl, checkpoint.json and\n"
      "best/<k>/hw.yaml (each accepted by `shiftadd sim --net`). Rerun with --resume after an interruption.");
  cmd->add_option("--config", o->config, "DSE config (configs/dse/*.yaml)")->required();
  cmd->add_option("--out", o->out, "Output folder (must be empty or absent unless --resume)")->required();
  cmd->add_option("--seed", o->seed, "Override the config's seed")->check(seed_check());
  cmd->add_option("--threads", o->threads, "Override the config's executor (1 = serial); outputs do not depend on it")
      ->check(CLI::Range(1, 1024));
  cmd->add_flag("--resume", o->resume, "Continue the checkpoint in --out");
  cmd->callback([o] { run_dse(*o); });
}

}  // namespace shiftadd::cli
