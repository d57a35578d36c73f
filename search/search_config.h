#pragma once
// configs/search/*.yaml parsed once into a typed spec (docs/user-guide.md, "Search"). Unknown and
// duplicate keys are rejected; every error names the file and the key. Paths are as written
// (relative to the working directory, like every other command's options).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "search/dse/hw_space.h"

namespace shiftadd {
class YamlNode;
}

namespace shiftadd::search {

struct StrategySpec {
  std::string impl;  // evolution | nsga2 | random
  int generations = 0, population = 0, parents = 0, mutations = 0, crossovers = 0;
  double mutation_prob = 0;
};

// Objective names: accuracy (the estimator's metric, maximised), energy_uj, latency_ms, params, area_mm2,
// edp_uj_ms (energy x latency) (minimised).
struct Constraints {
  std::optional<double> max_energy_uj, max_latency_ms, min_accuracy;
  std::optional<double> max_area_mm2, max_power_mw;  // accelerator limits (dse, joint search)
  std::optional<int64_t> max_params, min_params;  // min_params: a capacity floor (cost-only searches)
  int max_tries = 0;  // bounded rejection: draws per candidate before giving up on it
};

struct AccuracySpec {
  std::string impl;            // cv_supernet | nlp_supernet | none (cost-only objectives)
  std::string data_dir;        // cv: Fashion-MNIST IDX directory; nlp: dictd directory ("" = the run's)
  int64_t valid_samples = 0;   // images or phrases of the held-out validation split
  int bn_recalib_batches = 0;  // cv: batches of training images (0: keep the running statistics)
  int64_t test_limit = 0;      // final report on the test set: first N samples (0 = all)
  int64_t prefix_cache_mb = 0; // cv: activations of shared prefixes, MB per worker in one shared cache (0 = none)
  std::string kernels = "eigen";  // cv, optional: float kernels, eigen | fixed (models/module.h)
};

struct CostSpec {
  std::string impl;       // lut | whole_network
  std::string lut;        // LUT file; built and cached under lut_cache when "auto"
  std::string lut_cache;  // folder of digest-named LUTs
};

struct ExecutorSpec {
  std::string impl;  // serial | threads
  int threads = 1;
};

struct ReportSpec {
  int front_max = 0;                  // front members reported (evenly spread over energy)
  bool random_baseline = false;       // also run random sampling with the same number of evaluations
  std::vector<std::string> subnets;   // hand-made subnets drawn on front.svg
  std::vector<double> reference;      // hypervolume reference point, one value per objective
};

struct SearchConfig {
  std::string file;  // the YAML it came from
  std::string space, supernet, hw;  // hw: "" in a joint search
  // A joint network-hardware search (search/joint/): candidates are (subnet, accelerator) pairs, the
  // accelerator drawn from this space; `hw:` and `cost:` are then absent (one LUT per accelerator).
  std::optional<HwSpace> hardware;
  uint64_t seed = 0;
  // Optional: the block types the search may choose ("conv", "attn", ...); empty = every type of the
  // space. A mult-only or mult-free search over the same supernet and LUT (docs/user-guide.md).
  std::vector<std::string> block_types;
  StrategySpec strategy;
  std::vector<std::string> objectives;
  Constraints constraints;
  AccuracySpec accuracy;
  CostSpec cost;
  ExecutorSpec executor;
  ReportSpec report;
};

SearchConfig load_search_config(const std::string& path);  // ConfigError naming file and key

// The sections a design-space exploration config shares with a search config (dse/dse_config.h).
StrategySpec parse_strategy(const YamlNode& n, const std::vector<std::string>& impls);
Constraints parse_constraints(const YamlNode& n, const std::vector<std::string>& keys);  // keys allowed
std::vector<std::string> parse_objectives(const YamlNode& n);  // 1 to 3 distinct names of objective_names()
ExecutorSpec parse_executor(const YamlNode& n);
// Digest of everything that decides a run's result except the seed (resume checks it).
std::string config_digest(const SearchConfig& c);

const std::vector<std::string>& objective_names();
bool maximised(const std::string& objective);

}  // namespace shiftadd::search
