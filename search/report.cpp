#include "search/report.h"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "core/plot.h"
#include "core/error.h"
#include "core/text_file.h"

namespace shiftadd::search {
namespace {


std::string metric_column(const std::string& metric) {
  return metric == "top1" ? "val_accuracy" : metric == "bleu" ? "val_bleu" : "";
}

std::string opt_str(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : ""; }

}  // namespace

std::vector<int> spread(const std::vector<int>& front, int n) {
  if (int(front.size()) <= n) return front;
  std::vector<int> out;
  for (int k = 0; k < n; ++k) {
    const size_t i = n == 1 ? 0 : size_t(std::llround(double(k) * double(front.size() - 1) / double(n - 1)));
    if (out.empty() || out.back() != front[i]) out.push_back(front[i]);
  }
  return out;
}

double diff_pct(double a, double b) { return b == 0 ? (a == 0 ? 0 : INFINITY) : 100.0 * (a - b) / b; }

void write_pareto_csv(const std::string& path, const std::vector<FrontRow>& rows) {
  std::ostringstream f;
  const std::string metric = rows.empty() ? "none" : rows.front().e.m.metric;
  const std::string mcol = metric_column(metric);
  const bool hil = !rows.empty() && rows.front().hil.has_value();
  f << "rank,arch,key," << (mcol.empty() ? "" : mcol + ",")
    << "energy_uj,latency_ms,sim_energy_uj,sim_latency_ms,energy_diff_pct,latency_diff_pct,params,cycles,sim_cycles,"
       "sim_meets_limits"
    << (mcol.empty() ? "" : ",test_metric_float")
    << (hil ? ",test_metric_int8,test_metric_hil,hil_bitexact,hil_images,hil_array_cycles_per_image,"
              "hil_array_energy_uj_per_image,rtl_images,rtl_bitexact" : "")
    << "\n";
  for (size_t k = 0; k < rows.size(); ++k) {
    const FrontRow& r = rows[k];
    const CostMetrics& c = r.e.m.cost;
    f << fmt::format("{},{},\"{}\",", k, r.arch_path, r.e.key);
    if (!mcol.empty()) f << fmt::format("{:.6g},", r.e.m.accuracy);
    f << fmt::format("{:.6g},{:.6g},{:.6g},{:.6g},{:.3f},{:.3f},{},{},{},{}", c.energy_uj, c.latency_ms, r.sim.energy_uj,
                     r.sim.latency_ms, diff_pct(c.energy_uj, r.sim.energy_uj), diff_pct(c.latency_ms, r.sim.latency_ms),
                     c.params, c.cycles, r.sim.cycles, r.sim_meets_limits ? "true" : "false");
    if (!mcol.empty()) f << "," << opt_str(r.test_metric_float);
    if (hil && !r.hil) f << ",,,,,,,,";  // a member beyond --hil-members
    if (hil && r.hil) {
      const HilResult& h = *r.hil;
      const double n = double(std::max<int64_t>(h.images, 1));
      f << fmt::format(",{:.6g},{:.6g},{},{},{:.6g},{:.6g},{},{}", h.test_metric_int8, h.test_metric_hil,
                       h.bitexact ? "true" : "false", h.images, double(h.array_cycles) / n, h.array_energy_uj / n,
                       h.rtl_images, h.rtl_images == 0 ? "" : h.rtl_mismatched_images == 0 ? "true" : "false");
    }
    f << "\n";
  }
  write_file_atomic(path, f.str());
}

void write_points(const std::string& path, const std::vector<Evaluated>& points) {
  std::ostringstream f;
  f << "# energy_uj latency_ms metric\n";
  for (const auto& e : points) f << fmt::format("{:.9g} {:.9g} {:.9g}\n", e.m.cost.energy_uj, e.m.cost.latency_ms, e.m.accuracy);
  write_file_atomic(path, f.str());
}

void write_named_points(const std::string& path, const std::vector<NamedPoint>& points) {
  std::ostringstream f;
  f << "# energy_uj latency_ms metric name\n";
  for (const auto& p : points)
    f << fmt::format("{:.9g} {:.9g} {:.9g} \"{}\"\n", p.e.m.cost.energy_uj, p.e.m.cost.latency_ms, p.e.m.accuracy, p.name);
  write_file_atomic(path, f.str());
}

void write_front_plot(const std::string& dir, const std::string& metric, const std::string& x, bool random,
                      bool subnets, const std::string& title) {
  const bool cost_only = metric == "none", by_latency = x == "latency_ms" && !cost_only;
  const std::string cols = std::string(by_latency ? "2" : "1") + ":" + (cost_only ? "2" : "3");
  PlotSpec p;
  p.comment = "gnuplot " + dir + "/front.gp: every evaluated subnet and the front (shiftadd search)";
  p.svg = dir + "/front.svg";
  p.title = title;
  p.xlabel = by_latency ? "latency per inference (ms, LUT)" : "energy per inference (uJ, LUT)";
  p.ylabel = cost_only ? "latency per inference (ms, LUT)" : metric == "bleu" ? "validation BLEU" : "validation top-1 (fraction)";
  p.key = "inside bottom right";
  p.series = {{dir + "/all.dat", cols, "points pt 7 ps 0.3 lc rgb '#bbbbbb'", "evaluated"},
              {dir + "/front.dat", cols, "linespoints pt 7 lw 2 lc rgb '#1f77b4'", "searched front"}};
  if (random)
    p.series.push_back({dir + "/random.dat", cols, "linespoints pt 5 dt 2 lc rgb '#ff7f0e'",
                        "random sampling front (same evaluations)"});
  if (subnets) {
    p.series.push_back({dir + "/subnets.dat", cols, "points pt 9 ps 1.5 lc rgb '#2ca02c'", "hand-made subnets"});
    p.series.push_back({"", cols + ":4", "labels offset 0,1 font ',9'", ""});
  }
  write_file_atomic(dir + "/front.gp", gnuplot_script(p));
}

nlohmann::json history_json(const std::vector<GenerationLog>& h) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& g : h)
    j.push_back({{"generation", g.generation}, {"evaluations", g.evaluations}, {"hypervolume", g.hypervolume},
                 {"front_size", g.front_size}, {"best", g.best}});
  return j;
}

}  // namespace shiftadd::search
