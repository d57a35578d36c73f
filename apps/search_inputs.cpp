#include "apps/search_inputs.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"

namespace shiftadd::cli {
namespace fs = std::filesystem;
using namespace shiftadd::search;

Loaded load_inputs(const SearchOptions& o, bool mpi_worker) {
  Loaded L;
  L.cfg = load_search_config(o.config);
  if (mpi_worker) L.cfg.executor = ExecutorSpec{"serial", 1};  // one supernet copy per rank
  if (o.seed >= 0) L.cfg.seed = uint64_t(o.seed);
  if (!o.supernet.empty()) {  // part of the checkpoint digest, so --resume with another supernet is refused
    if (L.cfg.accuracy.impl == "none")
      throw InputError(fmt::format("--supernet {}: {} is a cost-only search (accuracy.impl: none) and uses no supernet",
                                   o.supernet, L.cfg.file));
    L.cfg.supernet = o.supernet;
  }
  L.space = load_space(L.cfg.space);
  L.search_space = restrict_block_types(L.space, L.cfg.block_types, L.cfg.file);
  L.codec = make_codec(L.search_space);
  L.strategy = strategy_registry().make(L.cfg.strategy.impl, L.cfg.strategy, L.cfg.objectives);
  L.random = strategy_registry().make("random", L.cfg.strategy, L.cfg.objectives);
  L.executor = executor_registry().make(L.cfg.executor.impl, L.cfg.executor);
  if (!L.cfg.hardware) L.acc = std::make_unique<Accelerator>(load_accel_config(L.cfg.hw));
  for (const auto& path : L.cfg.report.subnets) {
    L.subnets.emplace_back(fs::path(path).stem().string(), load_arch(path, L.space));
    check_block_types(L.subnets.back().second, L.cfg.block_types, L.cfg.file, path);
  }
  const int workers = L.executor->workers();
  L.accuracy = accuracy_registry().make(L.cfg.accuracy.impl, L.cfg.accuracy, L.cfg.supernet, workers);
  if (L.accuracy->space() && space_signature(*L.accuracy->space()) != space_signature(L.space))
    throw ConfigError(L.cfg.file, "supernet", fmt::format("run {} was trained on space '{}', which differs from {} ('{}')",
                                                          L.cfg.supernet, L.accuracy->space()->name, L.cfg.space, L.space.name));
  return L;
}


}  // namespace shiftadd::cli
