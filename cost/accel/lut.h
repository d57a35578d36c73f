#pragma once
// Energy/latency lookup tables: the cost of every distinct layer in every residency context (keyed
// by what it lowers to plus where its input and output live, residency.h, so equal shapes share an
// entry) on one accelerator. Predictions place activations by the same residency function as
// whole-network simulation, but overlap branches by the ideal bound of combine_branches
// (layer_cost.h) instead of scheduling them; docs/validation.md reports what that misses.
#include <map>
#include <mutex>
#include <unordered_map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/index_loop.h"
#include "workload/space/space.h"
#include "workload/network.h"
#include "cost/accel/accelerator.h"

namespace shiftadd {

// "g:m,k,n,count,engine,b_act;...|v:kind,elements;..." of the layer's GEMMs and vector ops.
std::string layer_key(const workload::Layer& l);
std::string merge_key(const workload::Block& b);  // the block's merge ops ("" if none)
// layer_key plus "@<in><out>" (0: DRAM, 1: on chip) for layers with GEMMs; vector-only layers do
// not touch DRAM, so they have one entry for all contexts.
std::string layer_key(const workload::Layer& l, LayerResidency ctx);

struct Lut {
  std::string hw, hw_file, space;
  double clock_mhz = 0;
  ResidencyRule rule;  // capacity 0: the plain sum-of-parts table (every layer from and to DRAM)
  std::map<std::string, LayerCost> entries;
};

// Layer costs shared by the LUTs of many accelerators (a joint network-hardware search): keyed by
// the LUT key plus the accelerator as that layer sees it, i.e. every field of the config except the
// arrays the layer does not run on. Thread-safe.
class LayerCostCache {
 public:
  bool find(const std::string& key, LayerCost& out) const;
  void put(const std::string& key, const LayerCost& cost);
  int64_t hits() const { return hits_; }
  int64_t misses() const { return misses_; }
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, LayerCost> map_;
  mutable int64_t hits_ = 0, misses_ = 0;
};

// Adds every missing layer/merge key of `nets` to lut, in every residency context a block can
// meet under lut.rule (input on chip or not, output kept or not), costing them in parallel (TBB)
// with acc (which must use the thread-safe "analytic" backend). Returns how many were computed.
int64_t fill_lut(Lut& lut, const Accelerator& acc, const std::vector<workload::Network>& nets,
                 const IndexLoop& loop = serial_loop, LayerCostCache* cache = nullptr);
// Composes entries: InputError naming the first layer whose key is missing.
LayerCost predict(const Lut& lut, const workload::Network& net);

// A network's entries resolved once, for repeated predictions (latency cycles and total energy
// only): the hot loop of a search that re-scores the same candidates under changing constraints.
struct CompiledPrediction {
  struct Part {
    std::vector<std::vector<const LayerCost*>> branches;
    std::vector<const LayerCost*> tail;  // merge + post layers
    int64_t repeat = 1;
    size_t block = 0;  // index of its block in the network (a block has one part per residency run)
  };
  std::vector<Part> blocks;
};
CompiledPrediction compile_prediction(const Lut& lut, const workload::Network& net);
struct QuickCost {
  int64_t cycles = 0;
  double energy_pj = 0;
};
QuickCost predict(const CompiledPrediction& p);  // equals predict(lut, net) in cycles and energy

// Costs per block of a search space's subnets (from arch_block_keys), so a subnet is predicted
// from its choices without expanding it. Built from a LUT and the space's cover subnets; equal to
// predict(lut, arch_to_network(space, arch)) in cycles and energy (to rounding of the energy sum).
class ArchCostTable {
 public:
  ArchCostTable(const Lut& lut, const SearchSpace& space);
  QuickCost predict(const Arch& arch) const;  // InputError if a block was never seen

 private:
  struct Entry {
    workload::ActShape in, out;
    bool seen[2][2] = {};      // [input on chip][next block reads the output]
    QuickCost cost[2][2];
    bool out_sram[2][2] = {};  // the block output stayed on chip
  };
  const SearchSpace* space_;
  ResidencyRule rule_;
  std::unordered_map<uint64_t, Entry> blocks_;
};

// An empty LUT for space on acc; hw_file = "<hw path>#<digest of the hw, tech, accel tech and space
// files>", so a LUT is reused as a cache only when none of its inputs changed.
Lut lut_header(const Accelerator& acc, const SearchSpace& space, const std::string& hw_path, const std::string& space_path);
// Every entry the space's subnets need (from its cover subnets), filled in on top of `lut`.
int64_t fill_space_lut(Lut& lut, const Accelerator& acc, const SearchSpace& space, const IndexLoop& loop = serial_loop);

nlohmann::json lut_to_json(const Lut& lut);
Lut lut_from_json(const nlohmann::json& j, const std::string& file);
void save_lut(const Lut& lut, const std::string& path);
Lut load_lut(const std::string& path);  // DataError naming the file

}  // namespace shiftadd
