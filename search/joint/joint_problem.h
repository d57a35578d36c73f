#pragma once
// Joint network-hardware search: a candidate is a (subnet, accelerator) pair, one genome made of the
// subnet's genes followed by the accelerator's (dse/hw_space.h). Its accuracy comes from the supernet's
// inherited weights; its energy and latency from a LUT of the space on that very accelerator, built
// when the accelerator is first drawn. The LUTs share a layer-cost cache keyed by the layer and the
// part of the accelerator that layer runs on, so accelerators that differ only in arrays a layer does
// not use cost it once.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cost/accel/lut.h"
#include "cost/tech_table.h"
#include "search/accuracy/accuracy_estimator.h"
#include "search/codec/arch_codec.h"
#include "search/dse/hw_space.h"
#include "search/problem.h"

namespace shiftadd::search {

class JointGenomes : public GenomeSpace {
 public:
  JointGenomes(const ArchCodec& arch, const HwCodec& hw) : arch_(arch), hw_(hw) {}
  size_t genes() const override { return arch_.genes() + hw_.genes(); }
  int choices(size_t g) const override { return g < arch_.genes() ? arch_.choices(g) : hw_.choices(g - arch_.genes()); }
  bool valid(const Genome& g) const override;
  bool canonical(const Genome& g) const override { return hw_.canonical(hw_part(g)); }
  Genome arch_part(const Genome& g) const { return Genome(g.begin(), g.begin() + long(arch_.genes())); }
  Genome hw_part(const Genome& g) const { return Genome(g.begin() + long(arch_.genes()), g.end()); }

 private:
  const ArchCodec& arch_;
  const HwCodec& hw_;
};

struct JointStats {
  int64_t accelerators = 0;  // distinct accelerators a LUT was built for
  int64_t invalid_accelerators = 0;
  int64_t layer_hits = 0, layer_misses = 0;  // the shared layer-cost cache
};

class JointProblem : public Problem {
 public:
  JointProblem(const SearchSpace& space, const ArchCodec& codec, AccuracyEstimator& accuracy, const HwSpace& hw);
  const GenomeSpace& genes() const override { return genomes_; }
  Genome random(Rng& rng) const override;
  std::string key(const Genome& g) const override;
  std::string source() const override { return "lut"; }
  std::string noun() const override { return "subnet-accelerator pair"; }
  // Area always; energy and latency from the accelerator's LUT (0 for an accelerator that cannot run
  // the space: score() marks the pair invalid).
  CostMetrics precost(const Genome& g) const override;
  Metrics score(int w, const Genome& g, const CostMetrics& pre) override;
  std::string best_seen(const CostMetrics& best, const Constraints& k) const override;

  Arch arch(const Genome& g) const { return codec_.decode(genomes_.arch_part(g)); }
  AccelConfig accelerator(const Genome& g, std::string& reason) const { return hw_codec_.decode(genomes_.hw_part(g), reason); }
  std::string hw_key(const Genome& g) const { return hw_codec_.key(genomes_.hw_part(g)); }
  JointStats stats() const;

 private:
  struct Table {
    std::string invalid;  // why the accelerator cannot run the space ("" = valid)
    std::unique_ptr<ArchCostTable> costs;
    double clock_mhz = 0, area_mm2 = 0;
  };
  const Table& table(const Genome& hw) const;

  const SearchSpace& space_;
  const ArchCodec& codec_;
  AccuracyEstimator& accuracy_;
  HwCodec hw_codec_;
  JointGenomes genomes_;
  TechTable tech_;
  std::vector<workload::Network> cover_;  // the space's cover subnets: what a LUT must hold
  mutable std::mutex mu_;
  mutable std::map<std::string, std::unique_ptr<Table>> tables_;  // by accelerator key
  mutable LayerCostCache layers_;
};

}  // namespace shiftadd::search
