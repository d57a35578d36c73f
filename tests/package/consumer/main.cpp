// Uses the installed package: the hybrid accelerator's ResNet-50 cost (shiftadd::cost) and a Pareto
// front (shiftadd::search); prints what package.cmake compares with the in-tree `shiftadd sim --net`.
#include <cstdio>
#include <filesystem>

#include "cost/accel/accelerator.h"
#include "search/pareto.h"
#include "workload/trace.h"

int main() {
  std::filesystem::current_path(SHIFTADD_DATA_DIR);  // hw configs name their tech tables from here
  const shiftadd::Accelerator acc(shiftadd::load_accel_config("configs/hw/hybrid.yaml"));
  const shiftadd::NetReport rep = acc.simulate(shiftadd::workload::load_workload("traces/resnet50.yaml"));
  const std::vector<int> front = shiftadd::search::first_front({{1, 3}, {2, 2}, {3, 3}, {3, 1}});
  std::printf("resnet50 on hybrid: %lld cycles, area %.6f mm2, front of 4 points: %zu\n",
              static_cast<long long>(rep.total.cycles), shiftadd::accel_area_mm2(acc.config()), front.size());
  return 0;
}
