#include "search/objective.h"

#include <algorithm>
#include <map>

#include "core/error.h"

namespace shiftadd::search {

double violation(const CostMetrics& c, const Constraints& k) {
  double v = 0;
  if (k.max_energy_uj && c.energy_uj > *k.max_energy_uj) v += c.energy_uj / *k.max_energy_uj - 1;
  if (k.max_latency_ms && c.latency_ms > *k.max_latency_ms) v += c.latency_ms / *k.max_latency_ms - 1;
  if (k.max_params && c.params > *k.max_params) v += double(c.params) / double(*k.max_params) - 1;
  if (k.min_params && c.params < *k.min_params) v += 1 - double(c.params) / double(*k.min_params);
  if (k.max_area_mm2 && c.area_mm2 > *k.max_area_mm2) v += c.area_mm2 / *k.max_area_mm2 - 1;
  if (k.max_power_mw && c.latency_ms > 0 && power_mw(c) > *k.max_power_mw) v += power_mw(c) / *k.max_power_mw - 1;
  return v;
}

double power_mw(const CostMetrics& c) { return c.latency_ms > 0 ? c.energy_uj / c.latency_ms : 0; }  // uJ/ms = mW

double violation(const Metrics& m, const Constraints& k) {
  if (!m.invalid.empty()) return kInvalidViolation;
  double v = violation(m.cost, k);
  if (k.min_accuracy && m.accuracy < *k.min_accuracy) v += (*k.min_accuracy - m.accuracy) / std::max(*k.min_accuracy, 1e-9);
  return v;
}

double objective_value(const Metrics& m, const std::string& o) {
  if (o == "accuracy") return m.accuracy;
  if (o == "energy_uj") return m.cost.energy_uj;
  if (o == "latency_ms") return m.cost.latency_ms;
  if (o == "params") return double(m.cost.params);
  if (o == "area_mm2") return m.cost.area_mm2;
  if (o == "edp_uj_ms") return m.cost.energy_uj * m.cost.latency_ms;
  throw InputError("unknown objective '" + o + "'");
}

Point objective_vector(const Metrics& m, const std::vector<std::string>& objectives) {
  Point p;
  for (const auto& o : objectives) p.push_back(maximised(o) ? -objective_value(m, o) : objective_value(m, o));
  return p;
}

Point reference_point(const std::vector<double>& reference, const std::vector<std::string>& objectives) {
  Point p;
  for (size_t i = 0; i < objectives.size(); ++i) p.push_back(maximised(objectives[i]) ? -reference[i] : reference[i]);
  return p;
}

std::vector<std::vector<int>> constrained_fronts(const std::vector<Evaluated>& pop, const std::vector<std::string>& objectives) {
  std::vector<Point> pts;
  std::vector<int> feasible;
  std::map<double, std::vector<int>> infeasible;
  for (size_t i = 0; i < pop.size(); ++i)
    if (pop[i].violation > 0) infeasible[pop[i].violation].push_back(int(i));
    else feasible.push_back(int(i));
  for (int i : feasible) pts.push_back(objective_vector(pop[size_t(i)].m, objectives));
  std::vector<std::vector<int>> fronts;
  for (const auto& f : nondominated_fronts(pts)) {
    fronts.emplace_back();
    for (int j : f) fronts.back().push_back(feasible[size_t(j)]);
  }
  for (auto& [v, members] : infeasible) fronts.push_back(members);
  return fronts;
}

std::vector<int> pareto_front(const std::vector<Evaluated>& all, const std::vector<std::string>& objectives) {
  std::vector<int> feasible;
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i].violation == 0) feasible.push_back(int(i));
  std::vector<Point> pts;
  for (int i : feasible) pts.push_back(objective_vector(all[size_t(i)].m, objectives));
  std::vector<int> front;
  if (pts.empty()) return front;
  for (int j : first_front(pts)) front.push_back(feasible[size_t(j)]);
  std::sort(front.begin(), front.end(), [&](int a, int b) {
    const Point pa = objective_vector(all[size_t(a)].m, objectives), pb = objective_vector(all[size_t(b)].m, objectives);
    return pa != pb ? pa < pb : all[size_t(a)].key < all[size_t(b)].key;
  });
  // Equal objective vectors (different subnets, same numbers) are one point: keep the first by key.
  front.erase(std::unique(front.begin(), front.end(), [&](int a, int b) {
    return objective_vector(all[size_t(a)].m, objectives) == objective_vector(all[size_t(b)].m, objectives);
  }), front.end());
  return front;
}

}  // namespace shiftadd::search
