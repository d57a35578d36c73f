#include "search/search_config.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/digest.h"
#include "core/error.h"
#include "core/yaml_reader.h"

namespace shiftadd::search {
namespace {

constexpr double kBig = 1e15;

}  // namespace

StrategySpec parse_strategy(const YamlNode& n, const std::vector<std::string>& impls) {
  n.reject_unknown({"impl", "generations", "population", "parents", "mutations", "crossovers", "mutation_prob"});
  StrategySpec s;
  s.impl = n.get_enum("impl", impls);
  s.generations = int(n.get_int("generations", 1, 100000));
  s.population = int(n.get_int("population", 2, 100000));
  s.parents = int(n.get_int("parents", 1, 100000));
  s.mutations = int(n.get_int("mutations", 0, 100000));
  s.crossovers = int(n.get_int("crossovers", 0, 100000));
  s.mutation_prob = n.get_double("mutation_prob", 0.0, 1.0);
  if (s.parents > s.population) n.at("parents").fail(fmt::format("expected at most population ({})", s.population));
  if (s.mutations + s.crossovers == 0) n.at("mutations").fail("mutations + crossovers must be at least 1");
  if (s.crossovers > 0 && s.parents < 2) n.at("parents").fail("crossovers need at least 2 parents");
  return s;
}

Constraints parse_constraints(const YamlNode& n, const std::vector<std::string>& keys) {
  n.reject_unknown(keys);
  Constraints c;
  if (n.has("max_area_mm2")) c.max_area_mm2 = n.get_double("max_area_mm2", 1e-12, kBig);
  if (n.has("max_power_mw")) c.max_power_mw = n.get_double("max_power_mw", 1e-12, kBig);
  if (n.has("max_energy_uj")) c.max_energy_uj = n.get_double("max_energy_uj", 1e-12, kBig);
  if (n.has("max_latency_ms")) c.max_latency_ms = n.get_double("max_latency_ms", 1e-12, kBig);
  if (n.has("max_params")) c.max_params = n.get_int("max_params", 1, int64_t(1) << 50);
  if (n.has("min_params")) c.min_params = n.get_int("min_params", 1, int64_t(1) << 50);
  if (c.min_params && c.max_params && *c.min_params > *c.max_params)
    n.at("min_params").fail(fmt::format("expected at most max_params ({})", *c.max_params));
  if (n.has("min_accuracy")) c.min_accuracy = n.get_double("min_accuracy", 0.0, 100.0);
  c.max_tries = int(n.get_int("max_tries", 1, 1000000));
  return c;
}

static AccuracySpec parse_accuracy(const YamlNode& n) {
  AccuracySpec a;
  a.impl = n.get_enum("impl", {"cv_supernet", "nlp_supernet", "none"});
  if (a.impl == "none") {
    n.reject_unknown({"impl"});
    return a;
  }
  if (a.impl == "cv_supernet")
    n.reject_unknown({"impl", "data_dir", "valid_samples", "bn_recalib_batches", "test_limit", "prefix_cache_mb",
                      "kernels"});
  else
    n.reject_unknown({"impl", "data_dir", "valid_samples", "test_limit"});
  a.data_dir = n.get_string("data_dir");
  a.valid_samples = n.get_int("valid_samples", 1, 1000000);
  if (a.impl == "cv_supernet") {
    a.bn_recalib_batches = int(n.get_int("bn_recalib_batches", 0, 10000));
    a.prefix_cache_mb = n.get_int("prefix_cache_mb", 0, 1 << 20);
    if (n.has("kernels")) a.kernels = n.get_enum("kernels", {"eigen", "fixed"});
  }
  a.test_limit = n.get_int("test_limit", 0, 100000000);
  return a;
}

static CostSpec parse_cost(const YamlNode& n) {
  n.reject_unknown({"impl", "lut", "lut_cache"});
  CostSpec c;
  c.impl = n.get_enum("impl", {"lut", "whole_network"});
  if (c.impl == "lut") {
    c.lut = n.get_string("lut");
    c.lut_cache = n.get_string("lut_cache");
  }
  return c;
}

ExecutorSpec parse_executor(const YamlNode& n) {
  n.reject_unknown({"impl", "threads"});
  ExecutorSpec e;
  e.impl = n.get_enum("impl", {"serial", "threads"});
  e.threads = e.impl == "threads" ? int(n.get_int("threads", 1, 1024)) : 1;
  return e;
}

static ReportSpec parse_report(const YamlNode& n, const std::vector<std::string>& objectives) {
  n.reject_unknown({"front_max", "random_baseline", "subnets", "reference"});
  ReportSpec r;
  r.front_max = int(n.get_int("front_max", 1, 10000));
  r.random_baseline = n.get_bool("random_baseline");
  for (const auto& s : n.at("subnets").items()) r.subnets.push_back(s.as_string());
  const YamlNode ref = n.at("reference");
  ref.reject_unknown(objectives);
  for (const auto& o : objectives) r.reference.push_back(ref.get_double(o, -kBig, kBig));
  return r;
}

std::vector<std::string> parse_objectives(const YamlNode& n) {
  std::vector<std::string> out;
  for (const auto& item : n.items()) {
    const std::string o = item.as_enum(objective_names());
    if (std::find(out.begin(), out.end(), o) != out.end()) item.fail(fmt::format("objective '{}' listed twice", o));
    out.push_back(o);
  }
  if (out.empty() || out.size() > 3) n.fail("expected 1 to 3 objectives");
  return out;
}


const std::vector<std::string>& objective_names() {
  static const std::vector<std::string> kNames{"accuracy", "energy_uj", "latency_ms", "params", "area_mm2",
                                               "edp_uj_ms"};
  return kNames;
}
bool maximised(const std::string& objective) { return objective == "accuracy"; }

SearchConfig load_search_config(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.reject_unknown({"space", "supernet", "hw", "hardware", "seed", "block_types", "strategy", "objectives",
                       "constraints", "accuracy", "cost", "executor", "report"});
  SearchConfig c;
  c.file = path;
  c.space = root.get_string("space");
  if (root.has("hardware")) {
    if (root.has("hw")) root.at("hw").fail("a joint search (hardware:) draws its accelerators; remove hw:");
    if (root.has("cost"))
      root.at("cost").fail("a joint search builds one LUT per accelerator in memory (with a shared layer-cost cache); remove cost:");
    c.hardware = parse_hw_space(root.at("hardware"));
  } else {
    c.hw = root.get_string("hw");
  }
  c.seed = uint64_t(root.get_int("seed", 0, int64_t(1) << 53));
  if (root.has("block_types")) {
    const std::vector<std::string> names{"attn", "conv", "shift", "add", "attn+conv", "attn+shift", "attn+add"};
    for (const auto& item : root.at("block_types").items()) {
      const std::string b = item.as_enum(names);
      if (std::find(c.block_types.begin(), c.block_types.end(), b) != c.block_types.end())
        item.fail(fmt::format("block type '{}' listed twice", b));
      c.block_types.push_back(b);
    }
    if (c.block_types.empty()) root.at("block_types").fail("expected at least one block type (or no key: all of them)");
  }
  c.strategy = parse_strategy(root.at("strategy"), {"evolution", "nsga2", "random"});
  c.objectives = parse_objectives(root.at("objectives"));
  std::vector<std::string> limits{"max_energy_uj", "max_latency_ms", "max_params", "min_params", "min_accuracy", "max_tries"};
  if (c.hardware) limits.insert(limits.end(), {"max_area_mm2", "max_power_mw"});
  c.constraints = parse_constraints(root.at("constraints"), limits);
  c.accuracy = parse_accuracy(root.at("accuracy"));
  c.supernet = c.accuracy.impl == "none" ? "" : root.get_string("supernet");
  if (c.accuracy.impl == "none" && root.has("supernet"))
    root.at("supernet").fail("a cost-only search (accuracy.impl: none) has no supernet; remove the key");
  const bool uses_accuracy = std::count(c.objectives.begin(), c.objectives.end(), "accuracy") > 0;
  if (c.accuracy.impl == "none" && (uses_accuracy || c.constraints.min_accuracy))
    root.at("accuracy").at("impl").fail("the objectives or constraints use accuracy; expected cv_supernet or nlp_supernet");
  if (!c.hardware) c.cost = parse_cost(root.at("cost"));
  if (!c.hardware && std::count(c.objectives.begin(), c.objectives.end(), "area_mm2"))
    root.at("objectives").fail("area_mm2 is an objective of a joint search only (the hw: accelerator has one area)");
  c.executor = parse_executor(root.at("executor"));
  c.report = parse_report(root.at("report"), c.objectives);
  return c;
}

std::string config_digest(const SearchConfig& c) {
  const StrategySpec& s = c.strategy;
  const Constraints& k = c.constraints;
  auto opt = [](const auto& v) { return v ? fmt::format("{}", *v) : std::string("-"); };
  std::string all = fmt::format("{}|{}|{}|{}|{},{},{},{},{},{},{}|", c.space, c.supernet, c.hw, c.seed, s.impl,
                                s.generations, s.population, s.parents, s.mutations, s.crossovers, s.mutation_prob);
  for (const auto& o : c.objectives) all += o + ",";
  all += fmt::format("|{},{},{},{},{},{}|{},{},{},{},{}|{},{}", opt(k.max_energy_uj), opt(k.max_latency_ms),
                     opt(k.max_params), opt(k.min_params), opt(k.min_accuracy), k.max_tries, c.accuracy.impl, c.accuracy.data_dir,
                     c.accuracy.valid_samples, c.accuracy.bn_recalib_batches, c.accuracy.test_limit, c.cost.impl,
                     c.cost.lut);
  if (c.hardware)  // only when set, so network-only runs keep their digests
    all += fmt::format("|hardware:{}|{},{}", hw_space_signature(*c.hardware), opt(k.max_area_mm2), opt(k.max_power_mw));
  if (!c.block_types.empty()) {  // only when set, so unrestricted runs keep their digests
    all += "|blocks:";
    for (const auto& b : c.block_types) all += b + ",";
  }
  return fmt::format("{:016x}", fnv1a64(all));
}

}  // namespace shiftadd::search
