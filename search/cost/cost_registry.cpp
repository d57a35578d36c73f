#include "search/cost/cost_evaluator.h"
#include "workload/counts.h"
#include "workload/space/arch_workload.h"

namespace shiftadd::search {

int64_t subnet_params(const SearchSpace& space, const Arch& arch) {
  return workload::count_network(arch_to_network(space, arch)).total.params;
}

CostRegistry cost_registry() {
  CostRegistry r;
  register_lut_cost(r);
  register_whole_network_cost(r);
  return r;
}

}  // namespace shiftadd::search
