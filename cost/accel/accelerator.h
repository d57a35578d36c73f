#pragma once
// The accelerator: PE sub-arrays + global buffers + DRAM + vector unit (sim/accel/accel_config.h).
// Maps workload layers onto it (GEMMs to the sub-array of their engine, element-wise work to the
// vector unit) and costs them; whole networks keep activations on chip by the rules of residency.h
// and schedule concurrent branches with contention (branch_scheduler.h). All methods are const; with the analytic backend they are thread-safe.
#include <memory>
#include <string>
#include <vector>

#include "workload/network.h"
#include "cost/accel/accel_config.h"
#include "cost/accel/compute_backend.h"
#include "cost/accel/layer_cost.h"
#include "cost/accel/memory_model.h"
#include "cost/accel/residency.h"
#include "cost/accel/vector_unit.h"
#include "cost/energy.h"
#include "cost/tech_table.h"

namespace shiftadd {

struct LayerRow {
  std::string block, branch, layer, type, engine, arrays;  // branch: "b<i>", "post" or "merge"
  int64_t repeat = 1;
  int64_t pes = 0;  // PEs of the arrays the layer used
  LayerCost cost;   // one copy
  LayerResidency residency;  // input read from / output kept in the global buffer
};

struct NetReport {
  std::string network, hw;
  double clock_mhz = 0;
  int64_t total_pes = 0;
  std::vector<LayerRow> rows;
  std::vector<std::string> fallbacks;  // "shift -> mult array 'pe'" notes
  int64_t concurrent_blocks = 0;
  LayerCost total;  // cycles follow the block rules; everything else is a plain sum
};

class Accelerator {
 public:
  // backend: where GEMM cycles and events come from (default: the thread-safe analytic one).
  explicit Accelerator(AccelConfig cfg, std::unique_ptr<ComputeBackend> backend = make_analytic_backend());
  // With the array tech table already loaded (cfg.hw.tech_path's): design-space exploration builds
  // thousands of accelerators over one table.
  Accelerator(AccelConfig cfg, TechTable array_tech, std::unique_ptr<ComputeBackend> backend = make_analytic_backend());
  const AccelConfig& config() const { return cfg_; }

  // Index into config().hw.arrays of the sub-array that runs GEMMs of engine e. Fallbacks when the
  // config has no array of that kind: shift -> mult (exact: powers of two), add -> mult (the L1
  // term priced as a multiply-accumulate). InputError when nothing can run it.
  int array_for(workload::Engine e) const;
  LayerCost gemm_cost(const workload::GemmShape& g, GemmResidency res = {}) const;
  LayerCost vector_cost(const workload::VectorOp& op) const;
  // One cost per GEMM and vector op of l, in lowering order (GEMMs, then vector ops). The first GEMM
  // reads the layer input (from SRAM if ctx.in_sram), the last writes its output (kept if ctx.out_sram).
  std::vector<LayerCost> layer_parts(const workload::Layer& l, LayerResidency ctx = {}) const;
  LayerCost layer_cost(const workload::Layer& l, LayerResidency ctx = {}) const;
  ResidencyRule residency() const { return residency_rule(cfg_); }
  // per_layer = false leaves rep.rows empty (totals, fallbacks and concurrency only): the
  // design-space exploration's inner loop.
  NetReport simulate(const workload::Network& net, bool per_layer = true) const;
  double latency_ns(int64_t cycles) const { return double(cycles) * 1e3 / cfg_.hw.clock_mhz; }
  int64_t pes_of(uint32_t mask) const;

 private:
  AccelConfig cfg_;
  TechTable array_tech_;
  std::vector<ArrayEventCosts> costs_;
  std::unique_ptr<ComputeBackend> backend_;
  std::unique_ptr<MemoryModel> memory_;
  std::unique_ptr<VectorUnit> vector_;
};

}  // namespace shiftadd
