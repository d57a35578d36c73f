// A search whose config has a hardware: section: candidates are (subnet, accelerator) pairs
// (search/joint/joint_problem.h) on the shared generation loop. Wiring only: rank 0 runs the loop,
// other MPI ranks score; the reported front members are re-simulated as whole networks on their own
// accelerator and written as best/<k>/arch.yaml plus best/<k>/hw.yaml.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "apps/mpi_run.h"
#include "apps/run_dir.h"
#include "apps/search_inputs.h"
#include "core/error.h"
#include "core/text_file.h"
#include "search/joint/joint_problem.h"
#include "search/report.h"
#include "search/run_loop.h"
#include "search/search_run.h"
#include "workload/space/arch_workload.h"

namespace shiftadd::cli {
namespace {
namespace fs = std::filesystem;
using namespace shiftadd::search;

struct JointRow {
  Evaluated e;
  CostMetrics sim;  // whole-network simulation on the pair's accelerator
  double test = 0;
};

std::vector<JointRow> report_front(const Loaded& L, const JointProblem& p, const RunLoop& run, const std::string& out) {
  std::vector<JointRow> rows;
  for (int i : spread(run.front(), L.cfg.report.front_max)) {
    JointRow r;
    r.e = run.state().archive[size_t(i)];
    const Arch a = p.arch(r.e.genome);
    std::string reason;
    const AccelConfig hw = p.accelerator(r.e.genome, reason);
    const std::string dir = fmt::format("{}/best/{}", out, rows.size());
    fs::create_directories(dir);
    save_arch(dir + "/arch.yaml", a, L.space);
    const std::string yaml = accel_config_yaml(hw);
    write_file_atomic(dir + "/hw.yaml", yaml);
    const Accelerator acc(parse_accel_config(yaml, dir + "/hw.yaml"));  // what the file says is what is checked
    const NetReport rep = acc.simulate(arch_to_network(L.space, a));
    r.sim.cycles = rep.total.cycles;
    r.sim.latency_ms = acc.latency_ns(rep.total.cycles) * 1e-6;
    r.sim.energy_uj = rep.total.energy.total_pj() * 1e-6;
    r.test = L.accuracy->test_score(a);
    rows.push_back(r);
  }
  return rows;
}

void write_joint_csv(const std::string& path, const JointProblem& p, const std::vector<JointRow>& rows) {
  std::ostringstream f;
  f << "rank,arch,hw,subnet,accelerator,val_accuracy,energy_uj,latency_ms,edp_uj_ms,area_mm2,params,sim_energy_uj,"
       "sim_latency_ms,energy_diff_pct,latency_diff_pct,test_metric_float\n";
  for (size_t k = 0; k < rows.size(); ++k) {
    const JointRow& r = rows[k];
    const CostMetrics& c = r.e.m.cost;
    const std::string subnet = r.e.key.substr(0, r.e.key.find(" @ "));
    f << fmt::format("{0},best/{0}/arch.yaml,best/{0}/hw.yaml,\"{1}\",\"{2}\",{3:.6g},{4:.6g},{5:.6g},{6:.6g},{7:.6g},{8},"
                     "{9:.6g},{10:.6g},{11:.3f},{12:.3f},{13:.6g}\n",
                     k, subnet, p.hw_key(r.e.genome), r.e.m.accuracy, c.energy_uj, c.latency_ms, c.energy_uj * c.latency_ms,
                     c.area_mm2, c.params, r.sim.energy_uj, r.sim.latency_ms, diff_pct(c.energy_uj, r.sim.energy_uj),
                     diff_pct(c.latency_ms, r.sim.latency_ms), r.test);
  }
  write_file_atomic(path, f.str());
}

nlohmann::json joint_summary(const Loaded& L, const JointProblem& p, const RunLoop& run, const std::vector<JointRow>& rows) {
  const SearchState& s = run.state();
  const JointStats js = p.stats();
  int64_t invalid = 0;
  for (const Evaluated& e : s.archive) invalid += !e.m.invalid.empty();
  double max_e = 0, max_l = 0;
  for (const JointRow& r : rows) {
    max_e = std::max(max_e, std::abs(diff_pct(r.e.m.cost.energy_uj, r.sim.energy_uj)));
    max_l = std::max(max_l, std::abs(diff_pct(r.e.m.cost.latency_ms, r.sim.latency_ms)));
  }
  return {{"config", L.cfg.file}, {"digest", s.digest}, {"seed", s.seed}, {"space", L.space.name},
          {"hardware_base", L.cfg.hardware->base_path}, {"accelerators_in_space", HwCodec(*L.cfg.hardware).designs()},
          {"strategy", L.cfg.strategy.impl}, {"objectives", L.cfg.objectives}, {"metric", L.accuracy->metric()},
          {"evaluations", s.stats.evaluations}, {"invalid_pairs", invalid}, {"rejected_draws", s.stats.rejected},
          {"duplicate_draws", s.stats.duplicates}, {"exhausted_candidates", s.stats.exhausted},
          {"immigrants", s.stats.immigrants}, {"hypervolume", s.history.back().hypervolume},
          {"front_size", run.front().size()}, {"reported", rows.size()},
          {"luts", {{"accelerators", js.accelerators}, {"invalid_accelerators", js.invalid_accelerators},
                    {"layer_cache_hits", js.layer_hits}, {"layer_cache_misses", js.layer_misses}}},
          {"recheck", {{"max_abs_energy_diff_pct", max_e}, {"max_abs_latency_diff_pct", max_l}}},
          {"history", history_json(s.history)}};
}

}  // namespace

void run_joint_search(const SearchOptions& o, Loaded& L, MpiSession& mpi) {
  if (o.hil || o.rtl_images > 0)
    throw InputError("--hil: a joint search reports pairs on many accelerators; run `shiftadd eval --hil "
                     "<out>/best/<k>/hw.yaml --arch <out>/best/<k>/arch.yaml` on a chosen pair instead");
  JointProblem problem(L.search_space, *L.codec, *L.accuracy, *L.cfg.hardware);
  if (mpi.rank() > 0) {
    if (mpi.wait_go()) mpi.serve(problem);
    return;
  }
  if (mpi.distributed()) L.executor = mpi.executor();
  check_output_dir(o.out, o.resume, "checkpoint.json");
  RunLoop run(run_spec(L.cfg), problem, *L.strategy, *L.executor, L.cfg.seed, o.out, o.resume);
  run.check_reachable();
  const RunLock lock(o.out);  // the first write into --out
  mpi.go();
  std::cout << fmt::format("joint search: {} subnets x {:.6g} accelerators\n", L.space.name, HwCodec(*L.cfg.hardware).designs());
  run.run(std::cout, "joint " + L.cfg.strategy.impl);
  fs::remove_all(o.out + "/best");  // a resumed run rewrites its report
  const std::vector<JointRow> rows = report_front(L, problem, run, o.out);
  write_joint_csv(o.out + "/pareto.csv", problem, rows);
  std::vector<Evaluated> front, all;
  for (int i : run.front()) front.push_back(run.state().archive[size_t(i)]);
  for (const Evaluated& e : run.state().archive)
    if (e.m.invalid.empty()) all.push_back(e);
  write_points(o.out + "/front.dat", front);
  write_points(o.out + "/all.dat", all);
  write_front_plot(o.out, L.accuracy->metric(), "energy_uj", false, false,
                   fmt::format("{}: joint subnet and accelerator search, {} ({} evaluations)", L.space.name,
                               L.cfg.strategy.impl, run.state().stats.evaluations));
  run_gnuplot(o.out + "/front.gp");
  const nlohmann::json j = joint_summary(L, problem, run, rows);
  write_file_atomic(o.out + "/summary.json", j.dump(1) + "\n");
  std::cout << fmt::format("front ({} of {} pairs; LUT vs whole-network simulation on the pair's accelerator):\n",
                           rows.size(), run.front().size());
  for (size_t k = 0; k < rows.size(); ++k) {
    const JointRow& r = rows[k];
    std::cout << fmt::format("  [{}] {}\n      {} {:.4f}  energy {:.4g} uJ (sim {:.4g})  latency {:.4g} ms (sim {:.4g})  area {:.4g} mm2\n",
                             k, r.e.key, r.e.m.metric, r.e.m.accuracy, r.e.m.cost.energy_uj, r.sim.energy_uj,
                             r.e.m.cost.latency_ms, r.sim.latency_ms, r.e.m.cost.area_mm2);
  }
  std::cout << fmt::format("layer-cost cache: {} LUTs, {} layer costs reused, {} computed\n", j["luts"]["accelerators"].get<int64_t>(),
                           j["luts"]["layer_cache_hits"].get<int64_t>(), j["luts"]["layer_cache_misses"].get<int64_t>());
  std::cout << fmt::format("{}: pareto.csv, summary.json, front.svg, journal.jsonl, best/<k>/arch.yaml + hw.yaml\n", o.out);
}

}  // namespace shiftadd::cli
