#include "search/search_run.h"

#include <fmt/format.h>

namespace shiftadd::search {

CostMetrics SubnetProblem::precost(const Genome& g) const {
  const Arch a = p_.codec.decode(g);
  CostMetrics c = p_.cost.cost(a);
  if (p_.cfg.constraints.max_params || p_.cfg.constraints.min_params) c.params = subnet_params(p_.space, a);
  return c;
}

Metrics SubnetProblem::score(int w, const Genome& g, const CostMetrics& pre) {
  const Arch a = p_.codec.decode(g);
  Metrics m;
  m.cost = pre;
  m.metric = p_.accuracy.metric();
  m.accuracy = p_.accuracy.score(w, a);
  m.cost.params = subnet_params(p_.space, a);
  return m;
}

std::string SubnetProblem::best_seen(const CostMetrics& best, const Constraints& k) const {
  std::string s = fmt::format("best seen: energy {:.6g} uJ, latency {:.6g} ms", best.energy_uj, best.latency_ms);
  if (k.max_params || k.min_params) s += fmt::format(", params {}", best.params);
  return s;
}

RunSpec run_spec(const SearchConfig& cfg) {
  return {cfg.file, config_digest(cfg), cfg.strategy, cfg.objectives, cfg.constraints, cfg.report.reference};
}

SearchRun::SearchRun(const SearchParts& parts, uint64_t seed, std::string dir, bool resume)
    : parts_(parts), problem_(parts_), loop_(run_spec(parts.cfg), problem_, parts.strategy, parts.executor, seed,
                                             std::move(dir), resume) {}

Evaluated SearchRun::evaluate_one(const Arch& arch) {
  Evaluated e;
  e.genome = parts_.codec.encode(arch);
  e.key = arch_key(arch, parts_.space);
  if (const Evaluated* seen = loop_.find(e.key)) return *seen;  // the search measured it
  e.m.metric = parts_.accuracy.metric();
  e.m.accuracy = parts_.accuracy.score(0, arch);
  e.m.cost = parts_.cost.cost(arch);
  e.m.cost.params = subnet_params(parts_.space, arch);
  e.violation = violation(e.m, parts_.cfg.constraints);
  return e;
}

}  // namespace shiftadd::search
