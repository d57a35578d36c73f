#include "search/cost/cost_evaluator.h"
#include "workload/space/arch_workload.h"

namespace shiftadd::search {
namespace {

class WholeNetworkCost : public CostEvaluator {
 public:
  explicit WholeNetworkCost(const CostContext& c) : space_(c.space), acc_(c.acc) {}
  std::string source() const override { return "sim"; }
  CostMetrics cost(const Arch& arch) const override {
    const NetReport r = acc_.simulate(arch_to_network(space_, arch));
    CostMetrics m;
    m.cycles = r.total.cycles;
    m.latency_ms = acc_.latency_ns(r.total.cycles) * 1e-6;
    m.energy_uj = r.total.energy.total_pj() * 1e-6;
    return m;
  }

 private:
  const SearchSpace& space_;
  const Accelerator& acc_;
};

}  // namespace

void register_whole_network_cost(CostRegistry& r) {
  r.add("whole_network", [](const CostSpec&, const CostContext& c) { return std::make_unique<WholeNetworkCost>(c); });
}

}  // namespace shiftadd::search
