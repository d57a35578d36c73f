#include "sim/accel/lut.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>

#include "core/error.h"
#include "models/space/arch_workload.h"

namespace shiftadd {

std::string layer_key(const workload::Layer& l) {
  std::string k = "g:";
  for (const workload::GemmShape& g : workload::lower_to_gemms(l))
    k += fmt::format("{},{},{},{},{},{};", g.m, g.k, g.n, g.count, workload::to_string(g.engine), int(g.b_is_activation));
  k += "|v:";
  for (const workload::VectorOp& v : workload::vector_ops(l)) k += fmt::format("{},{};", workload::to_string(v.kind), v.elements);
  return k;
}

std::string merge_key(const workload::Block& b) {
  std::string k;
  for (const workload::VectorOp& v : b.merge_ops()) k += fmt::format("{},{};", workload::to_string(v.kind), v.elements);
  return k.empty() ? k : "g:|v:" + k;
}

int64_t fill_lut(Lut& lut, const Accelerator& acc, const std::vector<workload::Network>& nets) {
  // Representative work per missing key: a layer, or the merge ops of a block.
  std::map<std::string, std::pair<const workload::Layer*, const workload::Block*>> todo;
  for (const workload::Network& net : nets)
    for (const workload::Block& b : net.blocks) {
      for (const workload::Branch& br : b.branches)
        for (const workload::Layer& l : br.layers) todo.emplace(layer_key(l), std::make_pair(&l, nullptr));
      for (const workload::Layer& l : b.post) todo.emplace(layer_key(l), std::make_pair(&l, nullptr));
      if (const std::string mk = merge_key(b); !mk.empty()) todo.emplace(mk, std::make_pair(nullptr, &b));
    }
  std::vector<std::string> keys;
  for (const auto& kv : todo)
    if (!lut.entries.count(kv.first)) keys.push_back(kv.first);
  std::vector<LayerCost> costs(keys.size());
  tbb::parallel_for(size_t(0), keys.size(), [&](size_t i) {
    const auto& w = todo.at(keys[i]);
    if (w.first) {
      costs[i] = acc.layer_cost(*w.first);
    } else {
      for (const workload::VectorOp& v : w.second->merge_ops()) costs[i] += acc.vector_cost(v);
    }
  });
  for (size_t i = 0; i < keys.size(); ++i) lut.entries.emplace(keys[i], costs[i]);
  return int64_t(keys.size());
}

namespace {

const LayerCost& entry(const Lut& lut, const std::string& key, const std::string& what) {
  auto it = lut.entries.find(key);
  if (it == lut.entries.end())
    throw InputError(fmt::format("LUT for '{}' on '{}' has no entry for {} (key {}); rebuild it with `shiftadd lut`",
                                 lut.space, lut.hw, what, key));
  return it->second;
}

}  // namespace

LayerCost predict(const Lut& lut, const workload::Network& net) {
  LayerCost total;
  for (const workload::Block& b : net.blocks) {
    std::vector<LayerCost> branches;
    for (const workload::Branch& br : b.branches) {
      LayerCost sum;
      for (const workload::Layer& l : br.layers) sum += entry(lut, layer_key(l), "layer '" + l.name + "'");
      branches.push_back(sum);
    }
    LayerCost block = combine_branches(branches);
    if (const std::string mk = merge_key(b); !mk.empty()) block += entry(lut, mk, "the merge of '" + b.name + "'");
    for (const workload::Layer& l : b.post) block += entry(lut, layer_key(l), "layer '" + l.name + "'");
    total += block.scaled(b.repeat);
  }
  return total;
}

CompiledPrediction compile_prediction(const Lut& lut, const workload::Network& net) {
  CompiledPrediction p;
  for (const workload::Block& b : net.blocks) {
    CompiledPrediction::Part part;
    part.repeat = b.repeat;
    for (const workload::Branch& br : b.branches) {
      part.branches.emplace_back();
      for (const workload::Layer& l : br.layers)
        part.branches.back().push_back(&entry(lut, layer_key(l), "layer '" + l.name + "'"));
    }
    if (const std::string mk = merge_key(b); !mk.empty()) part.tail.push_back(&entry(lut, mk, "the merge of '" + b.name + "'"));
    for (const workload::Layer& l : b.post) part.tail.push_back(&entry(lut, layer_key(l), "layer '" + l.name + "'"));
    p.blocks.push_back(std::move(part));
  }
  return p;
}

QuickCost predict(const CompiledPrediction& p) {
  QuickCost q;
  for (const CompiledPrediction::Part& part : p.blocks) {
    std::array<int64_t, kMaxArrays + 1> busy{};
    int64_t serial = 0, longest = 0, dram = 0;
    double energy = 0;
    for (const auto& br : part.branches) {
      int64_t cycles = 0;
      for (const LayerCost* c : br) {
        cycles += c->cycles, dram += c->dram_cycles, energy += c->energy.total_pj();
        for (size_t i = 0; i < busy.size(); ++i) busy[i] += c->busy[i];
      }
      serial += cycles, longest = std::max(longest, cycles);
    }
    int64_t block = serial;
    if (part.branches.size() > 1) {  // same rule as combine_branches
      int64_t bound = std::max(longest, dram);
      for (int64_t b : busy) bound = std::max(bound, b);
      block = std::min(serial, bound);
    }
    for (const LayerCost* c : part.tail) block += c->cycles, energy += c->energy.total_pj();
    q.cycles += block * part.repeat;
    q.energy_pj += energy * double(part.repeat);
  }
  return q;
}

ArchCostTable::ArchCostTable(const Lut& lut, const SearchSpace& space) : space_(&space) {
  for (const Arch& a : cover_archs(space)) {
    const workload::Network net = arch_to_network(space, a);
    const std::vector<uint64_t> keys = arch_block_keys(space, a);
    if (keys.size() != net.blocks.size())
      throw InputError(fmt::format("arch_block_keys gives {} keys for {} blocks", keys.size(), net.blocks.size()));
    const CompiledPrediction plan = compile_prediction(lut, net);
    for (size_t i = 0; i < keys.size(); ++i) {
      CompiledPrediction one;
      one.blocks.push_back(plan.blocks[i]);
      blocks_.emplace(keys[i], shiftadd::predict(one));
    }
  }
}

QuickCost ArchCostTable::predict(const Arch& arch) const {
  QuickCost q;
  for (uint64_t k : arch_block_keys(*space_, arch)) {
    auto it = blocks_.find(k);
    if (it == blocks_.end()) throw InputError("ArchCostTable: subnet has a block outside the space's cover");
    q.cycles += it->second.cycles, q.energy_pj += it->second.energy_pj;
  }
  return q;
}

nlohmann::json lut_to_json(const Lut& lut) {
  nlohmann::json entries = nlohmann::json::object();
  for (const auto& [k, c] : lut.entries) {
    const AccelEnergy& e = c.energy;
    entries[k] = {{"cycles", c.cycles}, {"compute_cycles", c.compute_cycles}, {"vector_cycles", c.vector_cycles},
                  {"dram_cycles", c.dram_cycles}, {"pe_ops", c.pe_ops}, {"dram_bytes", c.dram_bytes},
                  {"arrays_mask", c.arrays_mask}, {"busy", c.busy}, {"op_pj", e.op_pj}, {"rf_pj", e.rf_pj},
                  {"array_pj", e.array_pj}, {"sram_pj", e.sram_pj}, {"dram_pj", e.dram_pj}, {"vector_pj", e.vector_pj}};
  }
  return {{"format", "shiftadd-lut-1"}, {"hw", lut.hw}, {"hw_file", lut.hw_file}, {"space", lut.space}, {"clock_mhz", lut.clock_mhz},
          {"entries", entries}};
}

Lut lut_from_json(const nlohmann::json& j, const std::string& file) {
  try {
    if (j.at("format") != "shiftadd-lut-1") throw DataError(file, "not a shiftadd LUT (format != shiftadd-lut-1)");
    Lut lut;
    lut.hw = j.at("hw"), lut.hw_file = j.at("hw_file"), lut.space = j.at("space");
    lut.clock_mhz = j.at("clock_mhz");
    for (const auto& [k, v] : j.at("entries").items()) {
      LayerCost c;
      c.cycles = v.at("cycles"), c.compute_cycles = v.at("compute_cycles"), c.vector_cycles = v.at("vector_cycles");
      c.dram_cycles = v.at("dram_cycles"), c.pe_ops = v.at("pe_ops"), c.dram_bytes = v.at("dram_bytes");
      c.arrays_mask = v.at("arrays_mask"), c.busy = v.at("busy");
      c.energy.op_pj = v.at("op_pj").get<std::map<std::string, double>>();
      c.energy.rf_pj = v.at("rf_pj"), c.energy.array_pj = v.at("array_pj"), c.energy.sram_pj = v.at("sram_pj");
      c.energy.dram_pj = v.at("dram_pj"), c.energy.vector_pj = v.at("vector_pj");
      lut.entries.emplace(k, c);
    }
    return lut;
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("malformed LUT: ") + e.what());
  }
}

void save_lut(const Lut& lut, const std::string& path) {
  std::ofstream out(path);
  if (!(out << lut_to_json(lut).dump() << "\n")) throw DataError(path, "cannot write LUT");
}

Lut load_lut(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path, "cannot open LUT");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path, std::string("not JSON: ") + e.what());
  }
  return lut_from_json(j, path);
}

}  // namespace shiftadd
