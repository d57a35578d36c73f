#include "cost/accel/branch_scheduler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"

namespace shiftadd {
namespace {

// Max-min fair shares of bw for demands d (water filling); returns each task's speed in [0, 1].
std::vector<double> dram_speeds(const std::vector<double>& d, double bw) {
  std::vector<size_t> order(d.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return d[a] < d[b]; });
  std::vector<double> speed(d.size(), 1.0);
  double left = bw;
  for (size_t i = 0; i < order.size(); ++i) {
    const double want = d[order[i]], fair = left / double(order.size() - i);
    const double got = std::min(want, fair);
    left -= got;
    if (want > 0) speed[order[i]] = std::min(1.0, got / want);
  }
  return speed;
}

}  // namespace

int64_t schedule_branches(const std::vector<std::vector<SchedTask>>& branches, double dram_bytes_per_cycle) {
  const size_t nb = branches.size();
  std::vector<size_t> next(nb, 0);
  std::vector<double> left(nb, -1.0);  // remaining solo cycles of the running task, < 0: idle
  std::vector<int> owner;              // resource -> branch holding it, -1 free
  double t = 0;
  for (;;) {
    for (size_t b = 0; b < nb; ++b) {  // start whatever can start, lower branch first
      while (left[b] < 0 && next[b] < branches[b].size()) {
        const SchedTask& task = branches[b][next[b]];
        if (task.cycles <= 0) { ++next[b]; continue; }
        if (size_t(task.resource) >= owner.size()) owner.resize(size_t(task.resource) + 1, -1);
        if (owner[size_t(task.resource)] >= 0) break;
        owner[size_t(task.resource)] = int(b);
        left[b] = double(task.cycles);
      }
    }
    std::vector<size_t> run;
    std::vector<double> demand;
    for (size_t b = 0; b < nb; ++b)
      if (left[b] >= 0) {
        const SchedTask& task = branches[b][next[b]];
        run.push_back(b), demand.push_back(double(task.dram_bytes) / double(task.cycles));
      }
    if (run.empty()) break;
    const std::vector<double> speed = dram_speeds(demand, dram_bytes_per_cycle);
    double dt = INFINITY;
    size_t first = 0;
    for (size_t i = 0; i < run.size(); ++i)
      if (left[run[i]] / speed[i] < dt) dt = left[run[i]] / speed[i], first = i;
    if (!(dt < INFINITY)) throw InputError("branch scheduler: no task can progress (zero DRAM bandwidth)");
    t += dt;
    for (size_t i = 0; i < run.size(); ++i) {
      const size_t b = run[i];
      left[b] -= speed[i] * dt;
      if (i == first || left[b] <= 1e-9 * double(branches[b][next[b]].cycles)) {
        owner[size_t(branches[b][next[b]].resource)] = -1;
        left[b] = -1.0, ++next[b];
      }
    }
  }
  return int64_t(std::ceil(t - 1e-6));
}

}  // namespace shiftadd
