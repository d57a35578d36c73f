#include "search/executor/executor.h"

namespace shiftadd::search {

std::vector<Metrics> Executor::score(Problem& p, const std::vector<Genome>& genomes,
                                     const std::vector<CostMetrics>& pre) const {
  std::vector<Metrics> out(genomes.size());
  map(int64_t(genomes.size()), [&](int w, int64_t i) { out[size_t(i)] = p.score(w, genomes[size_t(i)], pre[size_t(i)]); });
  return out;
}

ExecutorRegistry executor_registry() {
  ExecutorRegistry r;
  register_serial_executor(r);
  register_thread_executor(r);
  return r;
}

}  // namespace shiftadd::search
