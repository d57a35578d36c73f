// Accelerator::simulate: every layer costed once per position and residency context (residency.h),
// the branches of a block scheduled with contention (branch_scheduler.h), then merge ops, then post
// layers, all times the copies of each run of the block.
#include <fmt/format.h>

#include <set>

#include "cost/accel/accelerator.h"
#include "cost/accel/branch_scheduler.h"

namespace shiftadd {
namespace {

std::string arrays_text(const AccelConfig& cfg, uint32_t mask) {
  std::string s;
  for (size_t i = 0; i < cfg.hw.arrays.size(); ++i)
    if (mask & (1u << i)) s += (s.empty() ? "" : "+") + cfg.hw.arrays[i].name;
  return s.empty() ? "vector" : s;
}

int resource_of(const LayerCost& c) {
  for (int i = 0; i < kMaxArrays; ++i)
    if (c.arrays_mask & (1u << i)) return i;
  return kVectorResource;
}

}  // namespace

NetReport Accelerator::simulate(const workload::Network& net, bool per_layer) const {
  NetReport rep;
  rep.network = net.name;
  rep.hw = cfg_.hw.name;
  rep.clock_mhz = cfg_.hw.clock_mhz;
  rep.total_pes = pes_of(~0u);
  std::set<std::string> fallbacks;
  const std::vector<std::vector<BlockRun>> plan = network_residency(residency(), net);
  for (size_t bi = 0; bi < net.blocks.size(); ++bi) {
    const workload::Block& b = net.blocks[bi];
    for (const BlockRun& run : plan[bi]) {
      auto row = [&](const std::string& branch, const workload::Layer* l, const std::string& name, const LayerCost& c,
                     LayerResidency ctx) {
        if (!per_layer) return;
        rep.rows.push_back({b.name, branch, name, l ? l->type : "merge",
                            l ? workload::to_string(l->engine) : "vector", arrays_text(cfg_, c.arrays_mask), run.copies,
                            pes_of(c.arrays_mask), c, ctx});
      };
      LayerCost block;
      std::vector<std::vector<SchedTask>> tasks(b.branches.size());
      for (size_t i = 0; i < b.branches.size(); ++i)
        for (size_t j = 0; j < b.branches[i].layers.size(); ++j) {
          const workload::Layer& l = b.branches[i].layers[j];
          if (l.engine.pe) {
            const ArraySpec& s = cfg_.hw.arrays[size_t(array_for(l.engine))];
            if (*l.engine.pe != s.pe)
              fallbacks.insert(fmt::format("{} -> {} array '{}'", workload::to_string(l.engine), to_string(s.pe), s.name));
          }
          LayerCost c;
          for (const LayerCost& p : layer_parts(l, run.plan.branches[i][j])) {
            tasks[i].push_back({resource_of(p), p.cycles, p.dram_bytes});
            c += p;
          }
          if (per_layer) row(fmt::format("b{}", i), &l, l.name, c, run.plan.branches[i][j]);
          block += c;
        }
      const int64_t serial = block.cycles;
      block.cycles = schedule_branches(tasks, cfg_.dram_bytes_per_cycle);
      rep.concurrent_blocks += block.cycles < serial ? run.copies : 0;
      LayerCost merge;
      for (const workload::VectorOp& v : b.merge_ops()) merge += vector_cost(v);
      if (per_layer && (merge.cycles > 0 || merge.energy.total_pj() > 0)) row("merge", nullptr, b.name + ".merge", merge, {});
      block += merge;
      for (size_t j = 0; j < b.post.size(); ++j) {
        const LayerCost c = layer_cost(b.post[j], run.plan.post[j]);
        row("post", &b.post[j], b.post[j].name, c, run.plan.post[j]);
        block += c;
      }
      rep.total += block.scaled(run.copies);
    }
  }
  rep.fallbacks.assign(fallbacks.begin(), fallbacks.end());
  return rep;
}

}  // namespace shiftadd
