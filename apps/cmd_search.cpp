// shiftadd search --config configs/search/<name>.yaml --out <dir> [--seed S] [--resume]: hardware-aware
// search over a supernet with the LUT in the loop (search/). Wiring only: every input is loaded and
// checked before anything is written; the front is re-checked by whole-network simulation.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "core/text_file.h"
#include "apps/hil_arrays.h"
#include "apps/mpi_run.h"
#include "apps/search_inputs.h"
#include "apps/run_dir.h"
#include "core/error.h"
#include "cost/accel/accelerator.h"
#include "models/parallel.h"
#include "search/report.h"
#include "search/search_run.h"

namespace shiftadd::cli {
namespace {
namespace fs = std::filesystem;
using namespace shiftadd::search;

std::vector<FrontRow> recheck_front(const Loaded& L, SearchRun& run, const CostEvaluator& sim, const std::string& out,
                                    nlohmann::json& dropped) {
  std::vector<FrontRow> rows;
  const std::vector<Evaluated>& all = run.state().archive;
  for (int i : spread(run.front(), L.cfg.report.front_max)) {
    FrontRow r;
    r.e = all[size_t(i)];
    const Arch a = L.codec->decode(r.e.genome);
    r.sim = sim.cost(a);
    r.sim.params = r.e.m.cost.params;
    r.sim_meets_limits = violation(r.sim, L.cfg.constraints) == 0;
    if (!r.sim_meets_limits) {  // a LUT-feasible subnet that breaks a limit when simulated: not reported as a result
      dropped.push_back({{"key", r.e.key}, {"energy_uj", r.e.m.cost.energy_uj}, {"sim_energy_uj", r.sim.energy_uj},
                         {"latency_ms", r.e.m.cost.latency_ms}, {"sim_latency_ms", r.sim.latency_ms}});
      continue;
    }
    r.arch_path = fmt::format("best/{}/arch.yaml", rows.size());
    fs::create_directories(fmt::format("{}/best/{}", out, rows.size()));
    save_arch(out + "/" + r.arch_path, a, L.space);
    if (L.accuracy->metric() != "none") r.test_metric_float = L.accuracy->test_score(a);
    rows.push_back(r);
  }
  return rows;
}

void run_hil(HilEvaluator& hil, const Loaded& L, std::vector<FrontRow>& rows, int members) {
  for (size_t k = 0; k < rows.size() && (members == 0 || int(k) < members); ++k) {
    rows[k].hil = hil.run(L.codec->decode(rows[k].e.genome));
    const HilResult& h = *rows[k].hil;
    const char* unit = h.metric == "bleu" ? "phrases" : "images";
    std::cout << fmt::format("hil [{}] {}: {} test {} on the SystemC arrays, {} GEMMs; int8 {:.4f}, hil {:.4f}, "
                             "logits bit-exact: {}{}\n", k, rows[k].e.key, h.images, unit, h.gemms, h.test_metric_int8,
                             h.test_metric_hil, h.bitexact ? "yes" : "NO",
                             h.bitexact ? "" : fmt::format(" ({} {} differ)", h.mismatched_images, unit));
    if (h.rtl_images > 0)
      std::cout << fmt::format("hil [{}] first {} {} on the verilated RTL arrays: logits bit-exact with SystemC: {}\n", k,
                               h.rtl_images, unit, h.rtl_mismatched_images == 0 ? "yes" : fmt::format("NO ({} differ)", h.rtl_mismatched_images));
  }
}

nlohmann::json summary(const Loaded& L, const SearchRun& run, const std::vector<FrontRow>& rows, const SearchRun* random,
                       const std::vector<NamedPoint>& subnets, const nlohmann::json& dropped) {
  const SearchState& s = run.state();
  nlohmann::json j{{"config", L.cfg.file}, {"digest", s.digest}, {"seed", s.seed}, {"space", L.space.name},
                   {"hw", L.acc->config().hw.name}, {"strategy", L.cfg.strategy.impl}, {"objectives", L.cfg.objectives},
                   {"metric", L.accuracy->metric()}, {"evaluations", s.stats.evaluations},
                   {"rejected_draws", s.stats.rejected},
                   {"duplicate_draws", s.stats.duplicates},
                   {"exhausted_candidates", s.stats.exhausted}, {"immigrants", s.stats.immigrants},
                   {"history", history_json(s.history)},
                   {"hypervolume", s.history.back().hypervolume}, {"front_size", run.front().size()},
                   {"reported", rows.size()}, {"dropped_by_recheck", dropped}};
  double max_e = 0, max_l = 0;
  for (const auto& r : rows) {
    if (r.hil)
      j["hil"].push_back({{"key", r.e.key}, {"images", r.hil->images}, {"gemms", r.hil->gemms},
                          {"test_metric_int8", r.hil->test_metric_int8}, {"test_metric_hil", r.hil->test_metric_hil},
                          {"bitexact", r.hil->bitexact}, {"mismatched_images", r.hil->mismatched_images},
                          {"array_cycles", r.hil->array_cycles}, {"array_energy_uj", r.hil->array_energy_uj},
                          {"rtl_images", r.hil->rtl_images}, {"rtl_mismatched_images", r.hil->rtl_mismatched_images}});
    max_e = std::max(max_e, std::abs(diff_pct(r.e.m.cost.energy_uj, r.sim.energy_uj)));
    max_l = std::max(max_l, std::abs(diff_pct(r.e.m.cost.latency_ms, r.sim.latency_ms)));
  }
  j["recheck"] = {{"max_abs_energy_diff_pct", max_e}, {"max_abs_latency_diff_pct", max_l}};
  if (random) {
    const double hv_r = random->state().history.back().hypervolume;
    j["random_baseline"] = {{"evaluations", random->state().stats.evaluations}, {"hypervolume", hv_r},
                            {"hypervolume_ratio", hv_r > 0 ? s.history.back().hypervolume / hv_r : 0.0}};
  }
  for (const auto& p : subnets)
    j["subnets"].push_back({{"name", p.name}, {"key", p.e.key}, {"val_metric", p.e.m.accuracy},
                            {"energy_uj", p.e.m.cost.energy_uj}, {"latency_ms", p.e.m.cost.latency_ms},
                            {"params", p.e.m.cost.params}, {"meets_limits", p.e.violation == 0}});
  return j;
}

// Ranks >= 1 of a distributed search: once rank 0 has checked the inputs and cached the LUT, score
// subnets on this rank's own supernet copy.
void serve_search(MpiSession& mpi, Loaded& L) {
  if (!mpi.wait_go()) return;
  const CostContext ctx{L.space, L.cfg.space, L.cfg.hw, *L.acc, nn::tbb_index_loop, nullptr};
  const std::unique_ptr<CostEvaluator> cost = cost_registry().make(L.cfg.cost.impl, L.cfg.cost, ctx);
  SubnetProblem problem({L.cfg, L.search_space, *L.codec, *L.strategy, *L.accuracy, *cost, *L.executor});
  mpi.serve(problem);
}

void run_search(const SearchOptions& o) {
  MpiSession mpi;  // under mpirun: rank 0 runs the search, the other ranks score subnets
  Loaded L = load_inputs(o, mpi.rank() > 0);
  if (L.cfg.hardware) return run_joint_search(o, L, mpi);
  if (mpi.rank() > 0) return serve_search(mpi, L);
  if (mpi.distributed()) L.executor = mpi.executor();
  check_output_dir(o.out, o.resume, "checkpoint.json");
  std::unique_ptr<ArraySim> session;
  std::unique_ptr<HilEvaluator> hil;
  if (o.rtl_images > 0 && !o.hil) throw InputError("--rtl-images: needs --hil (the RTL check compares with the SystemC run)");
  if (o.hil) {
    if (L.cfg.accuracy.impl != "cv_supernet" && L.cfg.accuracy.impl != "nlp_supernet")
      throw InputError(fmt::format("--hil: {} has accuracy impl '{}'; the hardware-in-the-loop check needs a "
                                   "supernet (cv_supernet or nlp_supernet)", o.config, L.cfg.accuracy.impl));
    session = std::make_unique<ArraySim>();
    hil = make_hil(L.cfg.supernet, L.cfg.accuracy, o.calib_batches, o.rtl_images, *L.acc, *session);
  }
  const CostContext ctx{L.space, L.cfg.space, L.cfg.hw, *L.acc, nn::tbb_index_loop, &std::cout};
  const std::unique_ptr<CostEvaluator> cost = cost_registry().make(L.cfg.cost.impl, L.cfg.cost, ctx);
  const std::unique_ptr<CostEvaluator> sim = cost_registry().make("whole_network", L.cfg.cost, ctx);
  SearchRun run({L.cfg, L.search_space, *L.codec, *L.strategy, *L.accuracy, *cost, *L.executor}, L.cfg.seed, o.out, o.resume);
  run.check_reachable();
  const RunLock lock(o.out);  // the first write into --out
  mpi.go();
  run.run(std::cout, L.cfg.strategy.impl);
  std::unique_ptr<SearchRun> random;
  if (L.cfg.report.random_baseline) {
    random = std::make_unique<SearchRun>(SearchParts{L.cfg, L.search_space, *L.codec, *L.random, *L.accuracy, *cost, *L.executor},
                                         L.cfg.seed, o.out + "/random", o.resume);
    random->run(std::cout, "random");
  }
  std::vector<NamedPoint> subnets;
  for (const auto& [name, arch] : L.subnets) subnets.push_back({name, run.evaluate_one(arch)});
  nlohmann::json dropped = nlohmann::json::array();
  std::vector<FrontRow> rows = recheck_front(L, run, *sim, o.out, dropped);
  if (hil) run_hil(*hil, L, rows, o.hil_members);
  write_pareto_csv(o.out + "/pareto.csv", rows);
  std::vector<Evaluated> front_pts, all_pts = run.state().archive;
  for (int i : run.front()) front_pts.push_back(all_pts[size_t(i)]);
  write_points(o.out + "/front.dat", front_pts);
  write_points(o.out + "/all.dat", all_pts);
  if (random) {
    std::vector<Evaluated> pts;
    for (int i : random->front()) pts.push_back(random->state().archive[size_t(i)]);
    write_points(o.out + "/random.dat", pts);
  }
  if (!subnets.empty()) write_named_points(o.out + "/subnets.dat", subnets);
  const bool latency_front = std::count(L.cfg.objectives.begin(), L.cfg.objectives.end(), "latency_ms") &&
                             !std::count(L.cfg.objectives.begin(), L.cfg.objectives.end(), "energy_uj");
  write_front_plot(o.out, L.accuracy->metric(), latency_front ? "latency_ms" : "energy_uj", random != nullptr,
                   !subnets.empty(),
                   fmt::format("{} on {}: {} ({} evaluations)", L.space.name, L.acc->config().hw.name,
                               L.cfg.strategy.impl, run.state().stats.evaluations));
  run_gnuplot(o.out + "/front.gp");
  const nlohmann::json j = summary(L, run, rows, random.get(), subnets, dropped);
  write_file_atomic(o.out + "/summary.json", j.dump(1) + "\n");
  std::cout << fmt::format("front ({} of {} members; LUT vs whole-network simulation):\n", rows.size(), run.front().size());
  for (size_t k = 0; k < rows.size(); ++k) {
    const FrontRow& r = rows[k];
    std::cout << fmt::format("  [{}] {}  {} {:.4f}  energy {:.4g} uJ (sim {:.4g})  latency {:.4g} ms (sim {:.4g})  params {}\n", k,
                             r.e.key, r.e.m.metric, r.e.m.accuracy, r.e.m.cost.energy_uj, r.sim.energy_uj,
                             r.e.m.cost.latency_ms, r.sim.latency_ms, r.e.m.cost.params);
  }
  if (!dropped.empty()) std::cout << fmt::format("  {} front members broke a limit under simulation (summary.json)\n", dropped.size());
  std::cout << fmt::format("{}: pareto.csv, summary.json, front.svg, journal.jsonl, best/<k>/arch.yaml\n", o.out);
}

}  // namespace

void add_search(CLI::App& app) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Hardware-aware subnet search with the energy/latency LUT in the loop");
  cmd->footer(
      "Example: shiftadd search --config configs/search/fmnist_quick.yaml --out runs/search/quick\n"
      "Writes <out>/pareto.csv, summary.json, front.svg, journal.jsonl, checkpoint.json and best/<k>/arch.yaml.\n"
      "Rerun with --resume after an interruption; it reaches the identical front.");
  cmd->add_option("--config", o->config, "Search config (configs/search/*.yaml)")->required();
  cmd->add_option("--out", o->out, "Output folder (must be empty or absent unless --resume)")->required();
  cmd->add_option("--seed", o->seed, "Override the config's seed")->check(seed_check());
  cmd->add_option("--supernet", o->supernet, "Override the config's supernet run (same space)");
  cmd->add_flag("--resume", o->resume, "Continue the checkpoint in --out");
  cmd->add_flag("--hil", o->hil,
                "Hardware in the loop: run the reported subnets' int8 inference on the SystemC PE arrays, image by "
                "image, and check the logits bit for bit against the int8 path (CV)");
  cmd->add_option("--hil-members", o->hil_members, "With --hil: only the first N reported members (0 = all)")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--rtl-images", o->rtl_images,
                  "With --hil: also run the first N test images on the verilated RTL arrays and compare with SystemC")
      ->check(CLI::NonNegativeNumber)->capture_default_str();
  cmd->add_option("--calib-batches", o->calib_batches, "With --hil: int8 activation-range calibration batches")
      ->check(CLI::PositiveNumber)->capture_default_str();
  cmd->callback([o] { run_search(*o); });
}

}  // namespace shiftadd::cli
