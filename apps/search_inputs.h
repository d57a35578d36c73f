#pragma once
// The inputs of `shiftadd search`, loaded and checked before anything is written: shared by the
// network-only search (cmd_search.cpp) and the joint network-hardware search (search_joint.cpp).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cost/accel/accelerator.h"
#include "search/accuracy/accuracy_estimator.h"
#include "search/codec/arch_codec.h"
#include "search/executor/executor.h"
#include "search/search_config.h"
#include "search/strategy/strategy.h"

namespace shiftadd::cli {

struct SearchOptions {
  std::string config, out;
  std::string supernet;  // empty: the config's
  int64_t seed = -1;
  bool resume = false;
  bool hil = false;
  int hil_members = 0;  // 0: every reported member
  int calib_batches = 4;
  int64_t rtl_images = 0;
};

struct Loaded {  // every input, loaded and checked before the first write
  search::SearchConfig cfg;
  SearchSpace space;         // the config's space: the supernet, the LUT and exported subnets use it
  SearchSpace search_space;  // the part the search draws from (block_types)
  std::unique_ptr<search::ArchCodec> codec;
  std::unique_ptr<search::Strategy> strategy, random;
  std::unique_ptr<search::Executor> executor;
  std::unique_ptr<search::AccuracyEstimator> accuracy;
  std::unique_ptr<Accelerator> acc;  // the hw: accelerator (none in a joint search)
  std::vector<std::pair<std::string, Arch>> subnets;
};

// mpi_worker: ranks >= 1 of a distributed run keep one supernet copy (a serial executor).
Loaded load_inputs(const SearchOptions& o, bool mpi_worker);

class MpiSession;
// A search whose config has a hardware: section (search_joint.cpp).
void run_joint_search(const SearchOptions& o, Loaded& L, MpiSession& mpi);

}  // namespace shiftadd::cli
