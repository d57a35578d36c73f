// shiftadd count <trace>: Params, MACs, #Mult/#Add/#Shift of a workload trace (YAML or SCALE-Sim CSV).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "workload/counts.h"
#include "workload/counts_json.h"
#include "workload/trace.h"

namespace shiftadd::cli {
namespace {

using namespace shiftadd::workload;

struct CountOptions {
  std::string trace;
  bool per_layer = false;
  bool json = false;
};

std::string si(int64_t v) {
  double x = static_cast<double>(v);
  if (x >= 1e9) return fmt::format("{:.3f}G", x / 1e9);
  if (x >= 1e6) return fmt::format("{:.3f}M", x / 1e6);
  if (x >= 1e3) return fmt::format("{:.3f}K", x / 1e3);
  return fmt::format("{}", v);
}

void print_table(const NetworkCounts& nc) {
  const char* row = "{:<34} {:<10} {:<16} {:<6} {:<16} {:>4} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n";
  std::cout << fmt::format(row, "layer", "branch", "type", "engine", "output", "x", "params", "MACs", "#mult", "#add",
                           "#shift", "vector");
  for (const CountRow& r : nc.rows) {
    OpCounts c = r.per_copy.scaled(r.repeat);
    std::cout << fmt::format(row, r.layer, r.branch, r.type, to_string(r.engine), to_string(r.out), r.repeat,
                             si(c.params), si(c.macs), si(c.mult), si(c.add), si(c.shift), si(c.vector_elems));
  }
  std::cout << "(a row sums its block's x copies; vector = element ops on the vector unit)\n\n";
}

void print_summary(const Network& net, const NetworkCounts& nc) {
  const OpCounts& t = nc.total;
  std::cout << fmt::format("network  {}  ({})\n", net.name, net.file);
  if (!net.source.empty()) std::cout << fmt::format("source   {}\n", net.source);
  std::cout << fmt::format("input    {}  ->  output {}\n", to_string(net.input), to_string(net.output));
  std::cout << fmt::format("Params   {:>10}  ({}; embeddings {})\n", si(t.params), t.params, si(t.embedding_params));
  std::cout << fmt::format("MACs     {:>10}  ({})\n", si(t.macs), t.macs);
  std::cout << fmt::format("#Mult    {:>10}  ({})\n", si(t.mult), t.mult);
  std::cout << fmt::format("#Add     {:>10}  ({})\n", si(t.add), t.add);
  std::cout << fmt::format("#Shift   {:>10}  ({})\n", si(t.shift), t.shift);
  std::string vec;
  for (int k = 0; k < kNumVectorKinds; ++k)
    if (nc.vector_by_kind[k] > 0)
      vec += fmt::format(" {}={}", to_string(static_cast<VectorKind>(k)), si(nc.vector_by_kind[k]));
  std::cout << "vector  " << (vec.empty() ? " none" : vec) << "\n";
}

void run_count(const CountOptions& o) {
  Network net = load_workload(o.trace);
  for (const std::string& w : net.warnings) std::cerr << "warning: " << net.file << ": " << w << "\n";
  NetworkCounts nc = count_network(net);
  if (o.json) {
    std::cout << counts_to_json(net, nc, o.per_layer).dump(2) << "\n";
    return;
  }
  if (o.per_layer) print_table(nc);
  print_summary(net, nc);
}

}  // namespace

void add_count(CLI::App& app) {
  auto opts = std::make_shared<CountOptions>();
  CLI::App* cmd = app.add_subcommand(
      "count", "Params, MACs, #Mult/#Add/#Shift of a workload (traces/*.yaml or a SCALE-Sim topology .csv)");
  cmd->add_option("trace", opts->trace, "trace file (.yaml) or SCALE-Sim topology (.csv)")->required();
  cmd->add_flag("--per-layer", opts->per_layer, "also print one row per layer");
  cmd->add_flag("--json", opts->json, "print JSON instead of text");
  cmd->callback([opts] { run_count(*opts); });
}

}  // namespace shiftadd::cli
