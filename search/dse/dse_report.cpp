#include "search/dse/dse_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "core/plot.h"
#include "core/text_file.h"
#include "search/report.h"

namespace shiftadd::search {
namespace {

std::string csv_quote(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string metrics_cells(const Evaluated& e) {
  const CostMetrics& c = e.m.cost;
  if (!e.m.invalid.empty()) return fmt::format("{:.6g},,,,,", c.area_mm2);
  return fmt::format("{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{}", c.area_mm2, c.energy_uj, c.latency_ms,
                     c.energy_uj * c.latency_ms, power_mw(c), c.cycles);
}

}  // namespace

std::vector<std::string> design_columns(const HwSpace& s) {
  std::vector<std::string> cols;
  for (const ArrayAxis& a : s.arrays)
    for (const char* f : {"present", "rows", "cols", "dataflow"}) cols.push_back(fmt::format("{}_{}", to_string(a.pe), f));
  for (const char* f : {"a_bits", "w_bits", "acc_bits", "clock_mhz"}) cols.push_back(f);
  for (const char* b : {"ifmap", "weight", "ofmap"})
    for (const char* f : {"kb", "banks", "words_per_cycle"}) cols.push_back(fmt::format("{}_{}", b, f));
  cols.push_back("dram_gb_s");
  cols.push_back("vector_lanes");
  return cols;
}

std::vector<std::string> design_values(const HwSpace& s, const Genome& g) {
  std::vector<std::string> v;
  size_t i = 0;
  for (const ArrayAxis& a : s.arrays) {
    const bool present = a.present[size_t(g[i])];  // an absent array's genes are left blank
    v.push_back(present ? "1" : "0");
    v.push_back(present ? std::to_string(a.rows[size_t(g[i + 1])]) : "");
    v.push_back(present ? std::to_string(a.cols[size_t(g[i + 2])]) : "");
    v.push_back(present ? to_string(a.dataflow[size_t(g[i + 3])]) : "");
    i += 4;
  }
  for (const std::vector<int>* ax : {&s.a_bits, &s.w_bits, &s.acc_bits}) v.push_back(std::to_string((*ax)[size_t(g[i++])]));
  v.push_back(fmt::format("{}", s.clock_mhz[size_t(g[i++])]));
  for (const BufferAxis* b : {&s.ifmap, &s.weight, &s.ofmap}) {
    v.push_back(fmt::format("{}", b->size_kb[size_t(g[i])]));
    v.push_back(std::to_string(b->banks[size_t(g[i + 1])]));
    v.push_back(fmt::format("{}", b->bandwidth_words_per_cycle[size_t(g[i + 2])]));
    i += 3;
  }
  v.push_back(fmt::format("{}", s.dram_bandwidth_gb_s[size_t(g[i])]));
  v.push_back(std::to_string(s.vector_lanes[size_t(g[i + 1])]));
  return v;
}

void write_points_csv(const std::string& path, const HwSpace& s, const std::vector<Evaluated>& all) {
  std::ostringstream f;
  f << "index,generation,key,";
  for (const auto& c : design_columns(s)) f << c << ",";
  f << "area_mm2,energy_uj,latency_ms,edp_uj_ms,power_mw,cycles,violation,status\n";
  for (size_t i = 0; i < all.size(); ++i) {
    const Evaluated& e = all[i];
    f << fmt::format("{},{},{},", i, e.generation, csv_quote(e.key));
    for (const auto& v : design_values(s, e.genome)) f << v << ",";
    f << metrics_cells(e) << fmt::format(",{:.6g},{}\n", e.violation,
                                         e.m.invalid.empty() ? std::string("valid") : csv_quote("invalid: " + e.m.invalid));
  }
  write_file_atomic(path, f.str());
}

void write_dse_pareto_csv(const std::string& path, const HwSpace& s, const std::vector<DseNetwork>& nets,
                          const std::vector<DseFrontRow>& rows) {
  std::ostringstream f;
  f << "rank,hw,key,";
  for (const auto& c : design_columns(s)) f << c << ",";
  f << "area_mm2,energy_uj,latency_ms,edp_uj_ms,power_mw,cycles,sim_energy_uj,sim_latency_ms,energy_diff_pct,"
       "latency_diff_pct";
  for (const DseNetwork& n : nets) f << fmt::format(",{0}_energy_uj,{0}_latency_ms,{0}_sim_cycles", n.label);
  f << "\n";
  for (size_t k = 0; k < rows.size(); ++k) {
    const DseFrontRow& r = rows[k];
    f << fmt::format("{},{},{},", k, r.hw_path, csv_quote(r.e.key));
    for (const auto& v : design_values(s, r.e.genome)) f << v << ",";
    f << metrics_cells(r.e)
      << fmt::format(",{:.6g},{:.6g},{:.3f},{:.3f}", r.sim.energy_uj, r.sim.latency_ms,
                     diff_pct(r.sim.energy_uj, r.e.m.cost.energy_uj), diff_pct(r.sim.latency_ms, r.e.m.cost.latency_ms));
    for (size_t w = 0; w < nets.size(); ++w) {
      const NetReport& a = r.analytic.reports.at(w);
      f << fmt::format(",{:.6g},{:.6g},{}", a.total.energy.total_pj() * 1e-6,
                       double(a.total.cycles) * 1e-3 / a.clock_mhz, r.sim.reports.at(w).total.cycles);
    }
    f << "\n";
  }
  write_file_atomic(path, f.str());
}

void write_dse_plot(const std::string& dir, const std::vector<Evaluated>& all, const std::vector<DseFrontRow>& rows,
                    const std::string& title) {
  std::ostringstream a, p;
  a << "# energy_uj latency_ms area_mm2 (every valid design)\n";
  for (const Evaluated& e : all)
    if (e.m.invalid.empty()) a << fmt::format("{:.9g} {:.9g} {:.9g}\n", e.m.cost.energy_uj, e.m.cost.latency_ms, e.m.cost.area_mm2);
  p << "# energy_uj latency_ms area_mm2 (front)\n";
  for (const DseFrontRow& r : rows)
    p << fmt::format("{:.9g} {:.9g} {:.9g}\n", r.e.m.cost.energy_uj, r.e.m.cost.latency_ms, r.e.m.cost.area_mm2);
  write_file_atomic(dir + "/all.dat", a.str());
  write_file_atomic(dir + "/pareto.dat", p.str());
  double lo = 0, hi = 0;  // the colour range: padded when every front member has one area
  for (size_t k = 0; k < rows.size(); ++k) {
    const double x = rows[k].e.m.cost.area_mm2;
    lo = k == 0 ? x : std::min(lo, x), hi = k == 0 ? x : std::max(hi, x);
  }
  if (hi - lo < 1e-9 * std::max(1.0, hi)) lo *= 0.99, hi = hi * 1.01 + 1e-9;
  PlotSpec gp;
  gp.comment = "gnuplot " + dir + "/pareto.gp: energy against latency of every design (grey) and the front (coloured by area)";
  gp.svg = dir + "/pareto.svg";
  gp.title = title;
  gp.xlabel = "latency per inference (ms, weighted sum over the workloads)";
  gp.ylabel = "energy per inference (uJ, weighted sum)";
  gp.logx = gp.logy = true;
  gp.settings = {"cblabel 'area (mm^2)'", "palette rgbformulae 33,13,10", fmt::format("cbrange [{:.9g}:{:.9g}]", lo, hi)};
  gp.series = {{dir + "/all.dat", "2:1", "points pt 7 ps 0.3 lc rgb '#c8c8c8'", "evaluated designs"},
               {dir + "/pareto.dat", "2:1:3", "points pt 7 ps 0.9 palette", "front (colour: area)"}};
  write_file_atomic(dir + "/pareto.gp", gnuplot_script(gp));
}

}  // namespace shiftadd::search
