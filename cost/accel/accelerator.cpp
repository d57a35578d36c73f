#include "cost/accel/accelerator.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace shiftadd {
namespace {

int find_kind(const HwConfig& hw, PeKind k) {
  for (size_t i = 0; i < hw.arrays.size(); ++i)
    if (hw.arrays[i].pe == k) return int(i);
  return -1;
}

}  // namespace

Accelerator::Accelerator(AccelConfig cfg, std::unique_ptr<ComputeBackend> backend)
    : Accelerator(cfg, load_tech_table(cfg.hw.tech_path), std::move(backend)) {}

Accelerator::Accelerator(AccelConfig cfg, TechTable array_tech, std::unique_ptr<ComputeBackend> backend)
    : cfg_(std::move(cfg)), array_tech_(std::move(array_tech)),
      backend_(std::move(backend)),
      memory_(memory_model_registry().make(cfg_.memory_impl)),
      vector_(vector_unit_registry().make(cfg_.vector_impl)) {
  if (cfg_.hw.arrays.size() > size_t(kMaxArrays))
    throw InputError(fmt::format("{}: at most {} arrays supported by the accelerator model", cfg_.hw.file, kMaxArrays));
  for (const ArraySpec& s : cfg_.hw.arrays) costs_.push_back(array_event_costs(array_tech_, s));
}

int Accelerator::array_for(workload::Engine e) const {
  if (e.is_vector()) throw InputError("vector work has no PE array");
  const PeKind own = *e.pe;
  int i = find_kind(cfg_.hw, own);
  if (i < 0 && own != PeKind::kMult) i = find_kind(cfg_.hw, PeKind::kMult);
  if (i < 0)
    throw InputError(fmt::format("{}: no array can run {} GEMMs (needs a {} or mult array)", cfg_.hw.file,
                                 workload::to_string(e), to_string(own)));
  return i;
}

int64_t Accelerator::pes_of(uint32_t mask) const {
  int64_t n = 0;
  for (size_t i = 0; i < cfg_.hw.arrays.size(); ++i)
    if (mask & (1u << i)) n += int64_t(cfg_.hw.arrays[i].rows) * cfg_.hw.arrays[i].cols;
  return n;
}

LayerCost Accelerator::gemm_cost(const workload::GemmShape& g, GemmResidency res) const {
  const int idx = array_for(g.engine);
  const ArraySpec& s = cfg_.hw.arrays[size_t(idx)];
  const ArrayRunResult r = backend_->run(s, g.m, g.k, g.n);
  const GemmTraffic t = memory_->gemm(cfg_, s, g, r.events, res);
  const EnergyBreakdown e = array_energy(costs_[size_t(idx)], r.events);
  const AccelTech& tech = cfg_.tech;
  LayerCost c;
  c.compute_cycles = r.total_cycles * g.count;
  c.cycles = std::max(r.total_cycles, t.memory_cycles) * g.count + t.prologue_cycles;
  c.pe_ops = r.events.pe_ops * g.count;
  c.dram_bytes = t.dram_bytes() * g.count;
  c.dram_cycles = int64_t(std::ceil(double(c.dram_bytes) / cfg_.dram_bytes_per_cycle));
  c.arrays_mask = 1u << idx;
  c.busy[size_t(idx)] = c.cycles;
  c.energy.op_pj = e.op_energy_pj;
  c.energy.rf_pj = e.register_energy_pj;
  c.energy.array_pj = e.transfer_energy_pj + e.edge_io_energy_pj;
  const auto sram = [&](const BufferSpec& b, int64_t reads, int64_t writes, int bits) {
    return double(reads) * tech.sram_read_pj(b.size_kb, bits) + double(writes) * tech.sram_write_pj(b.size_kb, bits);
  };
  c.energy.sram_pj = sram(cfg_.ifmap, t.ifmap_reads, t.ifmap_writes, s.a_bits) +
                     sram(cfg_.weight, t.weight_reads, t.weight_writes, s.b_bits()) +
                     sram(cfg_.ofmap, t.ofmap_reads, t.ofmap_writes, s.acc_bits);
  c.energy.dram_pj = double(t.dram_bytes()) * 8 * cfg_.dram_energy_pj_per_bit;
  c.energy = c.energy.scaled(double(g.count));
  return c;
}

LayerCost Accelerator::vector_cost(const workload::VectorOp& op) const {
  const int act_bits = cfg_.hw.arrays.front().a_bits;
  const VectorResult r = vector_->run(cfg_, op, act_bits);
  LayerCost c;
  c.cycles = c.vector_cycles = r.cycles;
  c.dram_bytes = r.dram_bytes;
  c.dram_cycles = int64_t(std::ceil(double(r.dram_bytes) / cfg_.dram_bytes_per_cycle));
  c.cycles = std::max(c.cycles, c.dram_cycles);
  c.busy[kVectorResource] = c.cycles;
  c.energy.vector_pj = r.op_energy_pj;
  c.energy.sram_pj = double(r.sram_reads) * cfg_.tech.sram_read_pj(cfg_.ofmap.size_kb, act_bits) +
                     double(r.sram_writes) * cfg_.tech.sram_write_pj(cfg_.ofmap.size_kb, act_bits);
  c.energy.dram_pj = double(r.dram_bytes) * 8 * cfg_.dram_energy_pj_per_bit;
  return c;
}

std::vector<LayerCost> Accelerator::layer_parts(const workload::Layer& l, LayerResidency ctx) const {
  std::vector<LayerCost> parts;
  const std::vector<workload::GemmShape> gemms = workload::lower_to_gemms(l);
  for (size_t i = 0; i < gemms.size(); ++i)
    parts.push_back(gemm_cost(gemms[i], {i == 0 && ctx.in_sram, i + 1 == gemms.size() && ctx.out_sram}));
  for (const workload::VectorOp& v : workload::vector_ops(l)) parts.push_back(vector_cost(v));
  return parts;
}

LayerCost Accelerator::layer_cost(const workload::Layer& l, LayerResidency ctx) const {
  LayerCost c;
  for (const LayerCost& p : layer_parts(l, ctx)) c += p;
  return c;
}

}  // namespace shiftadd
