#include "cost/accel/layer_cost.h"

#include <algorithm>

namespace shiftadd {

double AccelEnergy::total_pj() const {
  double s = rf_pj + array_pj + sram_pj + dram_pj + vector_pj;
  for (const auto& kv : op_pj) s += kv.second;
  return s;
}

AccelEnergy& AccelEnergy::operator+=(const AccelEnergy& o) {
  for (const auto& kv : o.op_pj) op_pj[kv.first] += kv.second;
  rf_pj += o.rf_pj, array_pj += o.array_pj, sram_pj += o.sram_pj, dram_pj += o.dram_pj, vector_pj += o.vector_pj;
  return *this;
}

AccelEnergy AccelEnergy::scaled(double k) const {
  AccelEnergy e = *this;
  for (auto& kv : e.op_pj) kv.second *= k;
  e.rf_pj *= k, e.array_pj *= k, e.sram_pj *= k, e.dram_pj *= k, e.vector_pj *= k;
  return e;
}

LayerCost& LayerCost::operator+=(const LayerCost& o) {
  cycles += o.cycles, compute_cycles += o.compute_cycles, vector_cycles += o.vector_cycles;
  dram_cycles += o.dram_cycles, pe_ops += o.pe_ops, dram_bytes += o.dram_bytes;
  arrays_mask |= o.arrays_mask;
  for (size_t i = 0; i < busy.size(); ++i) busy[i] += o.busy[i];
  energy += o.energy;
  return *this;
}

LayerCost LayerCost::scaled(int64_t k) const {
  LayerCost c = *this;
  c.cycles *= k, c.compute_cycles *= k, c.vector_cycles *= k, c.dram_cycles *= k;
  c.pe_ops *= k, c.dram_bytes *= k;
  for (int64_t& b : c.busy) b *= k;
  c.energy = energy.scaled(double(k));
  return c;
}

LayerCost combine_branches(const std::vector<LayerCost>& branches, bool* concurrent) {
  LayerCost sum;
  int64_t longest = 0;
  for (const LayerCost& b : branches) {
    longest = std::max(longest, b.cycles);
    sum += b;
  }
  const int64_t serial = sum.cycles;
  if (branches.size() > 1) {
    int64_t bound = std::max(longest, sum.dram_cycles);
    for (int64_t b : sum.busy) bound = std::max(bound, b);
    sum.cycles = std::min(serial, bound);
  }
  if (concurrent) *concurrent = sum.cycles < serial;
  return sum;
}

}  // namespace shiftadd
