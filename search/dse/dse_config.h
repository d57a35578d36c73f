#pragma once
// configs/dse/*.yaml parsed once into a typed spec (docs/user-guide.md, "Design-space exploration"):
// the accelerator space (hw_space), the weighted workloads, the strategy (grid | random | nsga2, the
// search's own strategies), objectives, limits and report. Unknown and duplicate keys are rejected;
// every error names the file and the key.
#include <cstdint>
#include <string>
#include <vector>

#include "search/dse/hw_space.h"
#include "search/search_config.h"

namespace shiftadd::search {

struct DseWorkload {
  std::string trace;          // traces/*.yaml or a SCALE-Sim .csv, or
  std::string space, subnet;  // a subnet of a search space
  double weight = 1;          // > 0: the objectives are weighted sums over the workloads
  std::string label;          // trace or subnet file stem (unique)
};

struct DseConfig {
  std::string file;
  HwSpace space;  // with its base hw config
  std::vector<DseWorkload> workloads;
  uint64_t seed = 0;
  StrategySpec strategy;  // grid: generations = ceil(designs / population)
  std::vector<std::string> objectives;  // of energy_uj, latency_ms, area_mm2, edp_uj_ms
  Constraints constraints;              // max_area_mm2, max_power_mw, max_energy_uj, max_latency_ms, max_tries
  ExecutorSpec executor;
  std::vector<double> reference;   // hypervolume reference point, one value per objective
};

DseConfig load_dse_config(const std::string& path);
// Everything that decides the result except the seed and the executor (resume checks it).
std::string dse_digest(const DseConfig& c);

}  // namespace shiftadd::search
