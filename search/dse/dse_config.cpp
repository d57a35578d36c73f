#include "search/dse/dse_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/digest.h"
#include "core/error.h"
#include "core/yaml_reader.h"

namespace shiftadd::search {
namespace {

constexpr double kMaxGridDesigns = 1e9;

std::vector<DseWorkload> parse_workloads(const YamlNode& n) {
  std::vector<DseWorkload> out;
  for (const YamlNode& item : n.items()) {
    item.expect_map();
    item.reject_unknown({"trace", "space", "subnet", "weight"});
    DseWorkload w;
    if (item.has("trace") == item.has("subnet")) item.fail("expected either trace: or subnet: (with space:)");
    if (item.has("trace")) {
      if (item.has("space")) item.at("space").fail("a trace has no space (space: goes with subnet:)");
      w.trace = item.get_string("trace");
      w.label = std::filesystem::path(w.trace).stem().string();
    } else {
      w.space = item.get_string("space");
      w.subnet = item.get_string("subnet");
      w.label = std::filesystem::path(w.subnet).stem().string();
    }
    const YamlNode wn = item.at("weight");
    w.weight = wn.as_double(-1e15, 1e15);
    if (!(w.weight > 0)) wn.fail(fmt::format("expected a weight > 0, got {}", w.weight));
    for (const DseWorkload& o : out)
      if (o.label == w.label) item.fail(fmt::format("two workloads named '{}' (file stems must differ)", w.label));
    out.push_back(w);
  }
  if (out.empty()) n.fail("expected at least one workload");
  return out;
}

StrategySpec parse_dse_strategy(const YamlNode& n, double genomes) {
  if (n.get_enum("impl", {"grid", "random", "nsga2"}) != "grid") return parse_strategy(n, {"random", "nsga2"});
  n.reject_unknown({"impl", "population"});
  StrategySpec s;
  s.impl = "grid";
  s.population = int(n.get_int("population", 1, 1000000));  // designs per generation (checkpoint interval)
  if (genomes > kMaxGridDesigns)
    n.at("impl").fail(fmt::format("the space has {:.4g} genomes, too many for a grid (at most {:.0e}); use random or nsga2",
                                  genomes, kMaxGridDesigns));
  s.generations = int(std::ceil(genomes / s.population));
  return s;
}

}  // namespace

DseConfig load_dse_config(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.expect_map();
  root.reject_unknown({"hardware", "workloads", "seed", "strategy", "objectives", "constraints", "executor", "report"});
  DseConfig c;
  c.file = path;
  c.space = parse_hw_space(root.at("hardware"));
  c.workloads = parse_workloads(root.at("workloads"));
  c.seed = uint64_t(root.get_int("seed", 0, int64_t(1) << 53));
  c.strategy = parse_dse_strategy(root.at("strategy"), HwCodec(c.space).genomes());
  c.objectives = parse_objectives(root.at("objectives"));
  for (size_t i = 0; i < c.objectives.size(); ++i)
    if (c.objectives[i] == "accuracy" || c.objectives[i] == "params")
      root.at("objectives").items()[i].fail("expected energy_uj, latency_ms, area_mm2 or edp_uj_ms (a design has no " +
                                            c.objectives[i] + ")");
  c.constraints = parse_constraints(root.at("constraints"),
                                    {"max_area_mm2", "max_power_mw", "max_energy_uj", "max_latency_ms", "max_tries"});
  c.executor = parse_executor(root.at("executor"));
  const YamlNode r = root.at("report");
  r.reject_unknown({"reference"});
  const YamlNode ref = r.at("reference");
  ref.reject_unknown(c.objectives);
  for (const auto& o : c.objectives) c.reference.push_back(ref.get_double(o, 1e-15, 1e15));
  return c;
}

std::string dse_digest(const DseConfig& c) {
  const StrategySpec& s = c.strategy;
  const Constraints& k = c.constraints;
  auto opt = [](const auto& v) { return v ? fmt::format("{}", *v) : std::string("-"); };
  std::string all = hw_space_signature(c.space) + "|";
  for (const DseWorkload& w : c.workloads) all += fmt::format("{}:{}:{}:{},", w.trace, w.space, w.subnet, w.weight);
  all += fmt::format("|{},{},{},{},{},{},{}|", s.impl, s.generations, s.population, s.parents, s.mutations, s.crossovers,
                     s.mutation_prob);
  for (const auto& o : c.objectives) all += o + ",";
  all += fmt::format("|{},{},{},{},{}|", opt(k.max_area_mm2), opt(k.max_power_mw), opt(k.max_energy_uj),
                     opt(k.max_latency_ms), k.max_tries);
  for (double r : c.reference) all += fmt::format(",{}", r);
  return fmt::format("{:016x}", fnv1a64(all));
}

}  // namespace shiftadd::search
