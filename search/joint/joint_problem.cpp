#include "search/joint/joint_problem.h"

#include <fmt/format.h>

#include "core/error.h"
#include "search/cost/cost_evaluator.h"
#include "workload/space/arch_workload.h"

namespace shiftadd::search {

bool JointGenomes::valid(const Genome& g) const {
  return g.size() == genes() && arch_.valid(arch_part(g)) && hw_.valid(hw_part(g));
}

JointProblem::JointProblem(const SearchSpace& space, const ArchCodec& codec, AccuracyEstimator& accuracy, const HwSpace& hw)
    : space_(space), codec_(codec), accuracy_(accuracy), hw_codec_(hw), genomes_(codec, hw_codec_),
      tech_(load_tech_table(hw.base.hw.tech_path)) {
  for (const Arch& a : cover_archs(space)) cover_.push_back(arch_to_network(space, a));
}

Genome JointProblem::random(Rng& rng) const {
  Genome g = random_genome(codec_, space_, rng);
  const Genome h = hw_codec_.random(rng);
  g.insert(g.end(), h.begin(), h.end());
  return g;
}

std::string JointProblem::key(const Genome& g) const {
  return arch_key(codec_.decode(genomes_.arch_part(g)), space_) + " @ " + hw_codec_.key(genomes_.hw_part(g));
}

const JointProblem::Table& JointProblem::table(const Genome& hw) const {
  const std::string k = hw_codec_.key(hw);
  const std::lock_guard<std::mutex> lock(mu_);
  auto it = tables_.find(k);
  if (it != tables_.end()) return *it->second;
  auto t = std::make_unique<Table>();
  const AccelConfig cfg = hw_codec_.decode(hw, t->invalid);
  t->area_mm2 = accel_area_mm2(cfg);
  if (t->invalid.empty()) {
    try {
      const Accelerator acc(cfg, tech_);
      Lut lut;
      lut.hw = cfg.hw.name;
      lut.space = space_.name;
      lut.clock_mhz = cfg.hw.clock_mhz;
      lut.rule = acc.residency();
      fill_lut(lut, acc, cover_, serial_loop, &layers_);
      t->costs = std::make_unique<ArchCostTable>(lut, space_);
      t->clock_mhz = cfg.hw.clock_mhz;
    } catch (const Error& e) {  // e.g. no array can run the space's conv layers
      t->invalid = e.what();
    }
  }
  return *tables_.emplace(k, std::move(t)).first->second;
}

CostMetrics JointProblem::precost(const Genome& g) const {
  const Table& t = table(genomes_.hw_part(g));  // decoded once per accelerator
  CostMetrics c;
  c.area_mm2 = t.area_mm2;
  if (!t.invalid.empty()) return c;
  const QuickCost q = t.costs->predict(codec_.decode(genomes_.arch_part(g)));
  c.cycles = q.cycles;
  c.latency_ms = double(q.cycles) / t.clock_mhz * 1e-3;
  c.energy_uj = q.energy_pj * 1e-6;
  return c;
}

Metrics JointProblem::score(int w, const Genome& g, const CostMetrics& pre) {
  Metrics m;
  m.cost = pre;
  m.metric = accuracy_.metric();
  const Table& t = table(genomes_.hw_part(g));
  if (!t.invalid.empty()) {  // no accuracy is measured for a pair that cannot run
    m.invalid = t.invalid;
    return m;
  }
  const Arch a = codec_.decode(genomes_.arch_part(g));
  m.accuracy = accuracy_.score(w, a);
  m.cost.params = subnet_params(space_, a);
  return m;
}

std::string JointProblem::best_seen(const CostMetrics& best, const Constraints& k) const {
  std::string s = fmt::format("best seen: energy {:.6g} uJ, latency {:.6g} ms, area {:.6g} mm2", best.energy_uj,
                              best.latency_ms, best.area_mm2);
  if (k.max_params || k.min_params) s += fmt::format(", params {}", best.params);
  return s;
}

JointStats JointProblem::stats() const {
  const std::lock_guard<std::mutex> lock(mu_);
  JointStats s;
  s.accelerators = int64_t(tables_.size());
  for (const auto& kv : tables_) s.invalid_accelerators += !kv.second->invalid.empty();
  s.layer_hits = layers_.hits();
  s.layer_misses = layers_.misses();
  return s;
}

}  // namespace shiftadd::search
