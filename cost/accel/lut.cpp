#include "cost/accel/lut.h"

#include "core/json_field.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/text_file.h"
#include "workload/space/arch_workload.h"

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

std::string layer_key(const workload::Layer& l, LayerResidency ctx) {
  std::string k = layer_key(l);
  if (l.engine != workload::Engine::vector()) k += fmt::format("@{}{}", int(ctx.in_sram), int(ctx.out_sram));
  return k;
}

namespace {

struct Work {
  const workload::Layer* layer = nullptr;
  LayerResidency ctx;
  const workload::Block* merge = nullptr;
};

// Every (layer, context) a block can meet: input on chip or not, output wanted on chip or not.
void block_work(const ResidencyRule& rule, const workload::Block& b, std::map<std::string, Work>& todo) {
  for (int in = 0; in <= int(rule.fits(b.in)); ++in)
    for (int want = 0; want <= int(rule.fits(b.out)); ++want) {
      const BlockResidency r = block_residency(rule, b, in, want);
      for (size_t i = 0; i < b.branches.size(); ++i)
        for (size_t j = 0; j < b.branches[i].layers.size(); ++j) {
          const workload::Layer& l = b.branches[i].layers[j];
          todo.emplace(layer_key(l, r.branches[i][j]), Work{&l, r.branches[i][j], nullptr});
        }
      for (size_t j = 0; j < b.post.size(); ++j) todo.emplace(layer_key(b.post[j], r.post[j]), Work{&b.post[j], r.post[j], nullptr});
    }
  if (const std::string mk = merge_key(b); !mk.empty()) todo.emplace(mk, Work{nullptr, {}, &b});
}

}  // namespace

bool LayerCostCache::find(const std::string& key, LayerCost& out) const {
  const std::lock_guard<std::mutex> lock(mu_);
  auto it = map_.find(key);
  if (it == map_.end()) {
    ++misses_;
    return false;
  }
  ++hits_;
  out = it->second;
  return true;
}

void LayerCostCache::put(const std::string& key, const LayerCost& cost) {
  const std::lock_guard<std::mutex> lock(mu_);
  map_.emplace(key, cost);
}

size_t LayerCostCache::size() const {
  const std::lock_guard<std::mutex> lock(mu_);
  return map_.size();
}

namespace {

// The accelerator as one layer sees it: the whole config (memories, DRAM, clock, vector unit, tech
// tables) except the arrays it does not run on.
std::string layer_hw_signature(const Accelerator& acc, const std::string& memory, const Work& w) {
  std::string sig = memory;
  if (!w.layer) return sig;
  for (const workload::GemmShape& g : workload::lower_to_gemms(*w.layer)) {
    const ArraySpec& s = acc.config().hw.arrays[size_t(acc.array_for(g.engine))];
    sig += fmt::format("|{}:{}:{}:{}x{}:{}:{}:{}:{}:{}:{}", workload::to_string(g.engine), s.impl, to_string(s.pe),
                       s.rows, s.cols, to_string(s.dataflow), s.a_bits, s.w_bits, s.acc_bits, s.shift_frac_bits,
                       to_string(s.overflow));
  }
  return sig;
}

}  // namespace

int64_t fill_lut(Lut& lut, const Accelerator& acc, const std::vector<workload::Network>& nets,
                 const IndexLoop& loop, LayerCostCache* cache) {
  std::map<std::string, Work> todo;  // representative work per key
  for (const workload::Network& net : nets)
    for (const workload::Block& b : net.blocks) block_work(lut.rule, b, todo);
  std::vector<std::string> keys;
  for (const auto& kv : todo)
    if (!lut.entries.count(kv.first)) keys.push_back(kv.first);
  std::string memory;
  if (cache) {
    AccelConfig m = acc.config();
    m.hw.arrays.clear();
    m.hw.name = m.hw.file = "";
    memory = accel_config_yaml(m);
  }
  std::vector<LayerCost> costs(keys.size());
  loop(int64_t(keys.size()), 1e5, [&](int64_t i) {
    const Work& w = todo.at(keys[i]);
    std::string ck;
    if (cache) {
      ck = keys[i] + "#" + layer_hw_signature(acc, memory, w);
      if (cache->find(ck, costs[i])) return;
    }
    if (w.layer) {
      costs[i] = acc.layer_cost(*w.layer, w.ctx);
    } else {
      for (const workload::VectorOp& v : w.merge->merge_ops()) costs[i] += acc.vector_cost(v);
    }
    if (cache) cache->put(ck, costs[i]);
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

const LayerCost& layer_entry(const Lut& lut, const workload::Layer& l, LayerResidency ctx) {
  return entry(lut, layer_key(l, ctx), "layer '" + l.name + "'");
}

CompiledPrediction::Part compile_run(const Lut& lut, const workload::Block& b, const BlockRun& run) {
  CompiledPrediction::Part part;
  part.repeat = run.copies;
  for (size_t i = 0; i < b.branches.size(); ++i) {
    part.branches.emplace_back();
    for (size_t j = 0; j < b.branches[i].layers.size(); ++j)
      part.branches.back().push_back(&layer_entry(lut, b.branches[i].layers[j], run.plan.branches[i][j]));
  }
  if (const std::string mk = merge_key(b); !mk.empty()) part.tail.push_back(&entry(lut, mk, "the merge of '" + b.name + "'"));
  for (size_t j = 0; j < b.post.size(); ++j) part.tail.push_back(&layer_entry(lut, b.post[j], run.plan.post[j]));
  return part;
}

}  // namespace

LayerCost predict(const Lut& lut, const workload::Network& net) {
  const std::vector<std::vector<BlockRun>> plan = network_residency(lut.rule, net);
  LayerCost total;
  for (size_t bi = 0; bi < net.blocks.size(); ++bi)
    for (const BlockRun& run : plan[bi]) {
      const CompiledPrediction::Part part = compile_run(lut, net.blocks[bi], run);
      std::vector<LayerCost> branches;
      for (const auto& br : part.branches) {
        LayerCost sum;
        for (const LayerCost* c : br) sum += *c;
        branches.push_back(sum);
      }
      LayerCost block = combine_branches(branches);
      for (const LayerCost* c : part.tail) block += *c;
      total += block.scaled(run.copies);
    }
  return total;
}

CompiledPrediction compile_prediction(const Lut& lut, const workload::Network& net) {
  const std::vector<std::vector<BlockRun>> plan = network_residency(lut.rule, net);
  CompiledPrediction p;
  for (size_t bi = 0; bi < net.blocks.size(); ++bi)
    for (const BlockRun& run : plan[bi]) {
      p.blocks.push_back(compile_run(lut, net.blocks[bi], run));
      p.blocks.back().block = bi;
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

ArchCostTable::ArchCostTable(const Lut& lut, const SearchSpace& space) : space_(&space), rule_(lut.rule) {
  for (const Arch& a : cover_archs(space)) {
    const workload::Network net = arch_to_network(space, a);
    const std::vector<uint64_t> keys = arch_block_keys(space, a);
    if (keys.size() != net.blocks.size())
      throw InputError(fmt::format("arch_block_keys gives {} keys for {} blocks", keys.size(), net.blocks.size()));
    for (size_t i = 0; i < keys.size(); ++i) {
      const workload::Block& b = net.blocks[i];
      if (blocks_.count(keys[i])) continue;
      Entry& e = blocks_[keys[i]];
      e.in = b.in, e.out = b.out;
      for (int in = 0; in <= int(rule_.fits(b.in)); ++in)
        for (int next = 0; next < 2; ++next) {  // every context the block can meet in a subnet
          const std::vector<BlockRun> runs = block_runs(rule_, b, in, next);
          for (const BlockRun& run : runs) {
            CompiledPrediction one;
            one.blocks.push_back(compile_run(lut, b, run));
            const QuickCost q = shiftadd::predict(one);
            e.cost[in][next].cycles += q.cycles, e.cost[in][next].energy_pj += q.energy_pj;
          }
          e.seen[in][next] = true;
          e.out_sram[in][next] = !runs.empty() && runs.back().plan.out_sram;
        }
    }
  }
}

QuickCost ArchCostTable::predict(const Arch& arch) const {
  const std::vector<uint64_t> keys = arch_block_keys(*space_, arch);
  std::vector<const Entry*> es(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    auto it = blocks_.find(keys[i]);
    if (it == blocks_.end()) throw InputError("ArchCostTable: subnet has a block outside the space's cover");
    es[i] = &it->second;
  }
  QuickCost q;
  bool in = false;  // the residency walk of network_residency, on the stored block contexts
  for (size_t i = 0; i < es.size(); ++i) {
    const Entry& e = *es[i];
    const bool next = i + 1 < es.size() && es[i + 1]->in == e.out;
    if (!e.seen[in][next]) throw InputError("ArchCostTable: block context outside the space's cover");
    q.cycles += e.cost[in][next].cycles, q.energy_pj += e.cost[in][next].energy_pj;
    in = e.out_sram[in][next];
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
  return {{"format", "shiftadd-lut-2"}, {"hw", lut.hw}, {"hw_file", lut.hw_file}, {"space", lut.space}, {"clock_mhz", lut.clock_mhz},
          {"residency", {{"capacity_bytes", lut.rule.capacity_bytes}, {"act_bytes", lut.rule.act_bytes}}},
          {"entries", entries}};
}

namespace {

// A LUT file is data from disk: no negative cycles or counts, no negative or non-finite energy.
void check_entry(const LayerCost& c, const std::string& key, const std::string& file) {
  const struct { const char* name; int64_t v; } counts[] = {
      {"cycles", c.cycles}, {"compute_cycles", c.compute_cycles}, {"vector_cycles", c.vector_cycles},
      {"dram_cycles", c.dram_cycles}, {"pe_ops", c.pe_ops}, {"dram_bytes", c.dram_bytes}};
  for (const auto& f : counts)
    if (f.v < 0) throw DataError(file, fmt::format("entries.{}.{}: expected >= 0, got {}", key, f.name, f.v));
  std::vector<std::pair<std::string, double>> energies{{"rf_pj", c.energy.rf_pj}, {"array_pj", c.energy.array_pj},
                                                       {"sram_pj", c.energy.sram_pj}, {"dram_pj", c.energy.dram_pj},
                                                       {"vector_pj", c.energy.vector_pj}};
  for (const auto& [op, pj] : c.energy.op_pj) energies.emplace_back("op_pj." + op, pj);
  for (const auto& [name, pj] : energies)
    if (!(std::isfinite(pj) && pj >= 0))
      throw DataError(file, fmt::format("entries.{}.{}: expected a finite energy >= 0, got {}", key, name, pj));
}

}  // namespace

Lut lut_from_json(const nlohmann::json& j, const std::string& file) {
  try {
    if (j.at("format") != "shiftadd-lut-2") throw DataError(file, "not a shiftadd LUT (format != shiftadd-lut-2; rebuild older tables)");
    Lut lut;
    lut.hw = j.at("hw"), lut.hw_file = j.at("hw_file"), lut.space = j.at("space");
    lut.clock_mhz = j.at("clock_mhz");
    if (!(std::isfinite(lut.clock_mhz) && lut.clock_mhz > 0))
      throw DataError(file, fmt::format("clock_mhz: expected a finite number > 0, got {}", lut.clock_mhz));
    const nlohmann::json& res = j.at("residency");
    lut.rule.capacity_bytes = json_integer_at<decltype(lut.rule.capacity_bytes)>(res, "capacity_bytes", "residency", file);
    lut.rule.act_bytes = json_integer_at<decltype(lut.rule.act_bytes)>(res, "act_bytes", "residency", file);
    for (const auto& [k, v] : j.at("entries").items()) {
      LayerCost c;
      const std::string at = "entries." + k;
      const nlohmann::json& entry = v;  // a structured binding cannot be captured (C++17)
      auto count = [&](const char* name) { return json_integer_at<int64_t>(entry, name, at, file); };
      c.cycles = count("cycles"), c.compute_cycles = count("compute_cycles"), c.vector_cycles = count("vector_cycles");
      c.dram_cycles = count("dram_cycles"), c.pe_ops = count("pe_ops"), c.dram_bytes = count("dram_bytes");
      c.arrays_mask = json_integer_at<uint32_t>(v, "arrays_mask", at, file);
      const std::vector<int64_t> busy = json_integers<int64_t>(v.at("busy"), at + ".busy", file);
      if (busy.size() != c.busy.size())
        throw DataError(file, fmt::format("{}.busy: expected {} entries, got {}", at, c.busy.size(), busy.size()));
      std::copy(busy.begin(), busy.end(), c.busy.begin());
      c.energy.op_pj = v.at("op_pj").get<std::map<std::string, double>>();
      c.energy.rf_pj = v.at("rf_pj"), c.energy.array_pj = v.at("array_pj"), c.energy.sram_pj = v.at("sram_pj");
      c.energy.dram_pj = v.at("dram_pj"), c.energy.vector_pj = v.at("vector_pj");
      check_entry(c, k, file);
      lut.entries.emplace(k, c);
    }
    return lut;
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("malformed LUT: ") + e.what());
  }
}

void save_lut(const Lut& lut, const std::string& path) {
  write_file_atomic(path, lut_to_json(lut).dump() + "\n");
}

Lut load_lut(const std::string& path) {
  const std::string text = read_text_file(path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path, std::string("not JSON: ") + e.what());
  }
  return lut_from_json(j, path);
}

}  // namespace shiftadd
