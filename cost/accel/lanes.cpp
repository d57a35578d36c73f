// "lanes": `lanes` identical lanes, each taking `cycles` per element of a kind (accel tech table);
// operands come from and return to the ofmap buffer (one read + one write per element).
#include <cmath>

#include "cost/accel/accel_config.h"
#include "cost/accel/vector_unit.h"

namespace shiftadd {
namespace {

class LanesVectorUnit : public VectorUnit {
 public:
  VectorResult run(const AccelConfig& cfg, const workload::VectorOp& op, int act_bits) const override {
    const VectorCost& c = cfg.tech.vector.at(op.kind);
    VectorResult r;
    r.cycles = int64_t(std::ceil(double(op.elements) * c.cycles / cfg.vector_lanes));
    r.op_energy_pj = double(op.elements) * c.energy_pj;
    r.sram_reads = r.sram_writes = op.elements;  // each element read once and written once
    if (op.kind == workload::VectorKind::kGather) r.dram_bytes = op.elements * ((act_bits + 7) / 8);
    return r;
  }
};

}  // namespace

void register_lanes_vector_unit(VectorUnitRegistry& r) {
  r.add("lanes", [] { return std::unique_ptr<VectorUnit>(new LanesVectorUnit()); });
}

const VectorUnitRegistry& vector_unit_registry() {
  static const VectorUnitRegistry reg = [] {
    VectorUnitRegistry r;
    register_lanes_vector_unit(r);
    return r;
  }();
  return reg;
}

}  // namespace shiftadd
