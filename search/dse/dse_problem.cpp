#include "search/dse/dse_problem.h"

#include <fmt/format.h>

#include <map>

#include "core/error.h"
#include "workload/space/arch_workload.h"
#include "workload/space/space.h"
#include "workload/trace.h"

namespace shiftadd::search {

std::vector<DseNetwork> load_dse_workloads(const DseConfig& c) {
  std::vector<DseNetwork> out;
  for (const DseWorkload& w : c.workloads) {
    if (!w.trace.empty()) {
      out.push_back({w.label, w.weight, workload::load_workload(w.trace)});
      continue;
    }
    const SearchSpace space = load_space(w.space);
    out.push_back({w.label, w.weight, arch_to_network(space, load_arch(w.subnet, space))});
  }
  return out;
}

DseProblem::DseProblem(const HwSpace& space, const std::vector<DseNetwork>& nets)
    : space_(space), nets_(nets), codec_(space), tech_(load_tech_table(space.base.hw.tech_path)) {}

CostMetrics DseProblem::precost(const Genome& g) const {
  std::string reason;
  CostMetrics c;
  c.area_mm2 = accel_area_mm2(codec_.decode(g, reason));
  return c;
}

DesignResult DseProblem::run(const AccelConfig& cfg, std::unique_ptr<ComputeBackend> backend) const {
  DesignResult r;
  try {
    const Accelerator acc(cfg, tech_, std::move(backend));
    for (const DseNetwork& n : nets_) {
      r.reports.push_back(acc.simulate(n.net, false));  // totals only
      const NetReport& rep = r.reports.back();
      r.energy_uj += n.weight * rep.total.energy.total_pj() * 1e-6;
      r.latency_ms += n.weight * acc.latency_ns(rep.total.cycles) * 1e-6;
      r.cycles += rep.total.cycles;
    }
  } catch (const Error& e) {  // e.g. no array can run a workload's GEMMs, or no tech entry for a width
    r = DesignResult{};
    r.invalid = e.what();
  }
  return r;
}

DesignResult DseProblem::run(const Genome& g) const {
  std::string reason;
  const AccelConfig cfg = codec_.decode(g, reason);
  if (!reason.empty()) {
    DesignResult r;
    r.invalid = reason;
    return r;
  }
  return run(cfg);
}

Metrics DseProblem::score(int, const Genome& g, const CostMetrics& pre) {
  const DesignResult r = run(g);
  Metrics m;
  m.cost = pre;
  m.invalid = r.invalid;
  m.cost.energy_uj = r.energy_uj;
  m.cost.latency_ms = r.latency_ms;
  m.cost.cycles = r.cycles;
  return m;
}

void DseProblem::check_some_valid(const std::string& file, int max_tries, uint64_t seed) const {
  const bool all = codec_.genomes() <= max_tries;
  std::map<std::string, int> reasons;
  Rng rng(seed ^ 0xD5EULL);
  const int n = all ? int(codec_.genomes()) : max_tries;
  for (int i = 0; i < n; ++i) {
    const DesignResult r = run(all ? genome_at(codec_, i) : codec_.random(rng));
    if (r.invalid.empty()) return;
    ++reasons[r.invalid.substr(0, r.invalid.find(" ("))];
  }
  std::string why;
  for (const auto& [reason, count] : reasons) why += fmt::format("{}{} ({})", why.empty() ? "" : "; ", reason, count);
  throw InputError(fmt::format("{}: hardware: no valid design among {} {}: {}", file, n,
                               all ? "designs (the whole space)" : "random designs (constraints.max_tries)", why));
}

std::string DseProblem::best_seen(const CostMetrics& best, const Constraints&) const {
  return fmt::format("smallest area seen: {:.6g} mm2", best.area_mm2);
}

}  // namespace shiftadd::search
