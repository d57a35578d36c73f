#pragma once
// Runs independent evaluations: f(worker, i) once for each i in [0, n), each writing only its own
// outputs, so results are the same whatever the worker count or schedule. `worker` indexes the
// per-worker state (a supernet copy) and is in [0, workers()).
#include <cstdint>
#include <functional>
#include <memory>

#include <vector>

#include "core/registry.h"
#include "search/problem.h"
#include "search/search_config.h"

namespace shiftadd::search {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual int workers() const = 0;
  virtual void map(int64_t n, const std::function<void(int worker, int64_t i)>& f) const = 0;
  // The generation loop's scoring: out[i] = p.score(worker, genomes[i], pre[i]), in candidate order.
  // By default through map(); a distributed executor (apps/mpi_run.h) sends the candidates to other
  // processes, which score them on their own copy of the problem.
  virtual std::vector<Metrics> score(Problem& p, const std::vector<Genome>& genomes,
                                     const std::vector<CostMetrics>& pre) const;
};

using ExecutorRegistry = Registry<Executor, const ExecutorSpec&>;
ExecutorRegistry executor_registry();
void register_serial_executor(ExecutorRegistry& r);
void register_thread_executor(ExecutorRegistry& r);

}  // namespace shiftadd::search
