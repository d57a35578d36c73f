// Accelerator::simulate: every layer costed once per position, blocks composed by the rules of
// layer_cost.h (branches concurrent on disjoint sub-arrays, then merge ops, then post layers,
// all times `repeat`).
#include <fmt/format.h>

#include <set>

#include "sim/accel/accelerator.h"

namespace shiftadd {
namespace {

std::string arrays_text(const AccelConfig& cfg, uint32_t mask) {
  std::string s;
  for (size_t i = 0; i < cfg.hw.arrays.size(); ++i)
    if (mask & (1u << i)) s += (s.empty() ? "" : "+") + cfg.hw.arrays[i].name;
  return s.empty() ? "vector" : s;
}

}  // namespace

NetReport Accelerator::simulate(const workload::Network& net) const {
  NetReport rep;
  rep.network = net.name;
  rep.hw = cfg_.hw.name;
  rep.clock_mhz = cfg_.hw.clock_mhz;
  rep.total_pes = pes_of(~0u);
  std::set<std::string> fallbacks;
  auto row = [&](const workload::Block& b, const std::string& branch, const std::string& name,
                 const std::string& type, const std::string& engine, const LayerCost& c) {
    rep.rows.push_back({b.name, branch, name, type, engine, arrays_text(cfg_, c.arrays_mask), b.repeat,
                        pes_of(c.arrays_mask), c});
  };
  for (const workload::Block& b : net.blocks) {
    std::vector<LayerCost> branches;
    for (size_t i = 0; i < b.branches.size(); ++i) {
      LayerCost sum;
      for (const workload::Layer& l : b.branches[i].layers) {
        const LayerCost c = layer_cost(l);
        if (l.engine != workload::Engine::kVector) {
          const ArraySpec& s = cfg_.hw.arrays[size_t(array_for(l.engine))];
          if (workload::to_string(l.engine) != std::string(to_string(s.pe)))
            fallbacks.insert(fmt::format("{} -> {} array '{}'", workload::to_string(l.engine), to_string(s.pe), s.name));
        }
        row(b, fmt::format("b{}", i), l.name, l.type, workload::to_string(l.engine), c);
        sum += c;
      }
      branches.push_back(sum);
    }
    bool concurrent = false;
    LayerCost block = combine_branches(branches, &concurrent);
    rep.concurrent_blocks += concurrent ? b.repeat : 0;
    LayerCost merge;
    for (const workload::VectorOp& v : b.merge_ops()) merge += vector_cost(v);
    if (merge.cycles > 0 || merge.energy.total_pj() > 0) row(b, "merge", b.name + ".merge", "merge", "vector", merge);
    block += merge;
    for (const workload::Layer& l : b.post) {
      const LayerCost c = layer_cost(l);
      row(b, "post", l.name, l.type, workload::to_string(l.engine), c);
      block += c;
    }
    rep.total += block.scaled(b.repeat);
  }
  rep.fallbacks.assign(fallbacks.begin(), fallbacks.end());
  return rep;
}

}  // namespace shiftadd
