#pragma once
// What an evaluation measures, the constraints on it, and the minimised objective vector.
#include <cstdint>
#include <string>
#include <vector>

#include "search/codec/arch_codec.h"
#include "search/pareto.h"
#include "search/search_config.h"

namespace shiftadd::search {

struct CostMetrics {
  int64_t cycles = 0, params = 0;
  double latency_ms = 0, energy_uj = 0;
  double area_mm2 = 0;  // of the accelerator (design-space exploration, joint search); 0 otherwise
};

struct Metrics {
  std::string metric = "none";  // "top1" | "bleu" | "none" (cost-only search)
  double accuracy = 0;
  CostMetrics cost;
  std::string invalid;  // why a candidate cannot run at all (a design with no tile that fits); "" = valid
};

// Violation of an invalid candidate: behind every candidate that merely breaks a limit.
constexpr double kInvalidViolation = 1e9;

// One evaluated subnet as the search keeps it (the journal, the archive, the population).
struct Evaluated {
  Genome genome;
  std::string key;     // arch_key: the deduplication key
  int generation = 0;
  Metrics m;
  double violation = 0;  // 0 = meets every constraint
};

// Sum of relative excesses over the limits (0 when all are met).
double power_mw(const CostMetrics& c);  // average power: energy over latency (0 when latency is 0)
double violation(const CostMetrics& c, const Constraints& k);
double violation(const Metrics& m, const Constraints& k);
// One value per objective, all minimised: accuracy enters negated.
Point objective_vector(const Metrics& m, const std::vector<std::string>& objectives);
Point reference_point(const std::vector<double>& reference, const std::vector<std::string>& objectives);
double objective_value(const Metrics& m, const std::string& objective);  // as reported (not negated)

// Deb's constrained domination as one order: feasible before infeasible, smaller violation first.
// Fronts of a population: infeasible members form the later fronts by increasing violation.
std::vector<std::vector<int>> constrained_fronts(const std::vector<Evaluated>& pop, const std::vector<std::string>& objectives);

// The feasible non-dominated members of `all` (indices, sorted by their first objective then key).
std::vector<int> pareto_front(const std::vector<Evaluated>& all, const std::vector<std::string>& objectives);

}  // namespace shiftadd::search
