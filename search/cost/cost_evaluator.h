#pragma once
// Energy and latency of subnets on one accelerator. Implementations are const and thread-safe.
// "lut": the lookup table composed per block (ArchCostTable), the search's inner loop;
// "whole_network": Accelerator::simulate on the expanded network (branch scheduling, residency),
// which every reported subnet is re-checked with.
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/index_loop.h"
#include "core/registry.h"
#include "cost/accel/accelerator.h"
#include "search/objective.h"
#include "search/search_config.h"

namespace shiftadd::search {

struct CostContext {
  const SearchSpace& space;
  std::string space_path, hw_path;
  const Accelerator& acc;
  IndexLoop loop = serial_loop;  // for building a missing LUT
  std::ostream* log = nullptr;   // where LUT building/caching is reported
};

class CostEvaluator {
 public:
  virtual ~CostEvaluator() = default;
  virtual std::string source() const = 0;  // "lut" | "sim": the journal's metric source
  virtual CostMetrics cost(const Arch& arch) const = 0;  // params left 0 (subnet_params)
};

using CostRegistry = Registry<CostEvaluator, const CostSpec&, const CostContext&>;
CostRegistry cost_registry();
void register_lut_cost(CostRegistry& r);
void register_whole_network_cost(CostRegistry& r);

// Parameters of the expanded network (workload/counts.h: weights of every GEMM plus embeddings).
int64_t subnet_params(const SearchSpace& space, const Arch& arch);

}  // namespace shiftadd::search
