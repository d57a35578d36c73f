#pragma once
// The files a search leaves in --out: pareto.csv, summary.json and front.svg's data and gnuplot script.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/hil.h"
#include "search/journal.h"
#include "search/objective.h"

namespace shiftadd::search {

struct FrontRow {
  std::string arch_path;  // best/<k>/arch.yaml, relative to --out
  Evaluated e;            // as the search measured it (LUT cost, validation metric)
  CostMetrics sim;        // whole-network simulation
  bool sim_meets_limits = true;
  std::optional<double> test_metric_float;
  std::optional<HilResult> hil;  // with --hil
};

struct NamedPoint {  // a hand-made subnet on the plot
  std::string name;
  Evaluated e;
};

// At most n members of a front (sorted along its first objective), evenly spread, both ends kept.
std::vector<int> spread(const std::vector<int>& front, int n);
// Relative difference (a - b) / b in percent (0 when both are 0).
double diff_pct(double a, double b);

void write_pareto_csv(const std::string& path, const std::vector<FrontRow>& rows);
// Whitespace-separated columns for gnuplot: energy_uj latency_ms metric [name].
void write_points(const std::string& path, const std::vector<Evaluated>& points);
void write_named_points(const std::string& path, const std::vector<NamedPoint>& points);
// front.gp drawing front.svg from front.dat, all.dat, random.dat (optional) and subnets.dat (optional).
// x: "energy_uj" or "latency_ms" (the cost objective the front trades against).
void write_front_plot(const std::string& dir, const std::string& metric, const std::string& x, bool random,
                      bool subnets, const std::string& title);

nlohmann::json history_json(const std::vector<GenerationLog>& h);

}  // namespace shiftadd::search
