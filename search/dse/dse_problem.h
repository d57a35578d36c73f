#pragma once
// Accelerator designs as a Problem for the shared generation loop: the precost is the design's area
// (checked against max_area_mm2 before anything is simulated); the score runs every workload through
// the analytic accelerator model and sums energy and latency with the workloads' weights. A design
// that cannot be built or cannot run a workload is scored invalid with the reason, never dropped.
#include <string>
#include <vector>

#include "cost/accel/accelerator.h"
#include "cost/tech_table.h"
#include "search/dse/dse_config.h"
#include "search/problem.h"

namespace shiftadd::search {

struct DseNetwork {
  std::string label;
  double weight = 1;
  workload::Network net;
};
std::vector<DseNetwork> load_dse_workloads(const DseConfig& c);  // ConfigError/InputError naming the file

// One design on every workload (what points.csv and pareto.csv report).
struct DesignResult {
  std::string invalid;              // "" = valid
  std::vector<NetReport> reports;   // per workload (empty when invalid)
  double energy_uj = 0, latency_ms = 0;  // weighted sums
  int64_t cycles = 0;                    // plain sum
};

class DseProblem : public Problem {
 public:
  DseProblem(const HwSpace& space, const std::vector<DseNetwork>& nets);
  const GenomeSpace& genes() const override { return codec_; }
  Genome random(Rng& rng) const override { return codec_.random(rng); }
  std::string key(const Genome& g) const override { return codec_.key(g); }
  std::string source() const override { return "analytic"; }
  std::string noun() const override { return "design"; }
  CostMetrics precost(const Genome& g) const override;
  Metrics score(int w, const Genome& g, const CostMetrics& pre) override;
  std::string best_seen(const CostMetrics& best, const Constraints& k) const override;

  const HwCodec& codec() const { return codec_; }
  // Before anything is written: InputError naming the config and the reasons seen when no design of
  // the space is valid, judged on every design (spaces of at most max_tries) or on max_tries random ones.
  void check_some_valid(const std::string& file, int max_tries, uint64_t seed) const;
  // The design on every workload with the given backend (analytic by default).
  DesignResult run(const AccelConfig& cfg, std::unique_ptr<ComputeBackend> backend = make_analytic_backend()) const;
  DesignResult run(const Genome& g) const;

 private:
  const HwSpace& space_;
  const std::vector<DseNetwork>& nets_;
  HwCodec codec_;
  TechTable tech_;  // the base's array tech table, loaded once
};

}  // namespace shiftadd::search
