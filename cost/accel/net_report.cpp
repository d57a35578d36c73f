#include "cost/accel/net_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/plot.h"
#include "core/error.h"
#include "core/text_file.h"

namespace shiftadd {
namespace {

const char* kOps[] = {"mult", "shift", "add"};

double op_pj(const AccelEnergy& e, const char* k) {
  auto it = e.op_pj.find(k);
  return it == e.op_pj.end() ? 0.0 : it->second;
}

double utilization(const LayerCost& c, int64_t pes) {
  return pes > 0 && c.cycles > 0 ? double(c.pe_ops) / (double(pes) * double(c.cycles)) : 0.0;
}

// RFC 4180: quote fields that contain a comma, quote or newline.
std::string csv_field(const std::string& in) {
  if (in.find_first_of(",\"\n") == std::string::npos) return in;
  std::string out = "\"";
  for (char c : in) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void write_file(const std::string& path, const std::string& text) { write_file_atomic(path, text); }

}  // namespace

std::string layers_csv(const Accelerator& acc, const NetReport& rep) {
  std::string s =
      "block,branch,layer,type,engine,arrays,repeat,cycles,compute_cycles,stall_cycles,vector_cycles,latency_ns,"
      "utilization,pe_ops,dram_bytes,mult_pj,shift_pj,add_pj,rf_pj,array_pj,sram_pj,dram_pj,vector_pj,total_pj,in_sram,out_sram\n";
  for (const LayerRow& r : rep.rows) {
    const LayerCost& c = r.cost;
    const AccelEnergy& e = c.energy;
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{:.3f},{:.6f},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:d},{:d}\n",
                     csv_field(r.block), r.branch, csv_field(r.layer), csv_field(r.type), r.engine, r.arrays, r.repeat, c.cycles, c.compute_cycles,
                     c.cycles - c.compute_cycles - c.vector_cycles, c.vector_cycles, acc.latency_ns(c.cycles),
                     utilization(c, r.pes), c.pe_ops, c.dram_bytes, op_pj(e, "mult"), op_pj(e, "shift"),
                     op_pj(e, "add"), e.rf_pj, e.array_pj, e.sram_pj, e.dram_pj, e.vector_pj, e.total_pj(),
                     int(r.residency.in_sram), int(r.residency.out_sram));
  }
  return s;
}

nlohmann::json summary_json(const Accelerator& acc, const NetReport& rep) {
  const LayerCost& t = rep.total;
  nlohmann::json ops = nlohmann::json::object(), levels;
  for (const char* k : kOps) ops[k] = op_pj(t.energy, k);
  levels = {{"rf", t.energy.rf_pj}, {"array", t.energy.array_pj}, {"sram", t.energy.sram_pj},
            {"dram", t.energy.dram_pj}, {"vector", t.energy.vector_pj}};
  return {{"network", rep.network},
          {"hw", rep.hw},
          {"hw_file", acc.config().hw.file},
          {"clock_mhz", rep.clock_mhz},
          {"cycles", t.cycles},
          {"compute_cycles", t.compute_cycles},
          {"vector_cycles", t.vector_cycles},
          {"latency_ns", acc.latency_ns(t.cycles)},
          {"utilization", utilization(t, rep.total_pes)},
          {"pe_ops", t.pe_ops},
          {"dram_bytes", t.dram_bytes},
          {"energy_pj", t.energy.total_pj()},
          {"energy_by_op_pj", ops},
          {"energy_by_level_pj", levels},
          {"concurrent_blocks", rep.concurrent_blocks},
          {"reuse", acc.config().reuse_layer_to_layer ? "layer_to_layer" : "none"},
          {"fallbacks", rep.fallbacks},
          {"area_mm2", accel_area_mm2(acc.config())},
          {"layers", rep.rows.size()}};
}

namespace {

struct Part { const char* name; const char* color; };
const Part kParts[] = {{"mult", "#d62728"}, {"shift", "#ff7f0e"}, {"add", "#2ca02c"}, {"rf", "#9467bd"},
                       {"array", "#8c564b"}, {"sram", "#1f77b4"}, {"dram", "#7f7f7f"}, {"vector", "#17becf"}};

double part_pj(const AccelEnergy& e, const std::string& p) {
  if (p == "rf") return e.rf_pj;
  if (p == "array") return e.array_pj;
  if (p == "sram") return e.sram_pj;
  if (p == "dram") return e.dram_pj;
  if (p == "vector") return e.vector_pj;
  return op_pj(e, p.c_str());
}

}  // namespace

std::string energy_plot_data(const NetReport& rep) {
  // One row per layer position: its label (every k-th, so the axis stays readable) and uJ per part,
  // all copies of the row together.
  const size_t every = std::max<size_t>(1, rep.rows.size() / 40);
  std::string s = "# layer";
  for (const Part& p : kParts) s += std::string(" ") + p.name + "_uj";
  s += "\n";
  for (size_t i = 0; i < rep.rows.size(); ++i) {
    const LayerRow& r = rep.rows[i];
    s += gp_quote(i % every == 0 ? r.layer : "");
    for (const Part& p : kParts) s += fmt::format(" {:.6g}", part_pj(r.cost.energy, p.name) * double(r.repeat) * 1e-6);
    s += "\n";
  }
  return s;
}

std::string energy_plot_script(const NetReport& rep, const std::string& dir) {
  PlotSpec p;
  p.comment = "Draws energy_breakdown.svg from energy_breakdown.dat (written by shiftadd sim --net).";
  p.svg = dir + "/energy_breakdown.svg";
  p.width = 1400, p.height = 560;
  p.title = fmt::format("{} on {}: {:.4g} uJ per inference", rep.network, rep.hw, rep.total.energy.total_pj() * 1e-6);
  p.xlabel = "layers in execution order";
  p.ylabel = "energy per layer, all copies (uJ)";
  p.key = "outside right top vertical title 'energy by'";
  p.settings = {"style data histograms", "style histogram rowstacked", "style fill solid 1.0 noborder",
                "boxwidth 0.85", "xtics rotate by 60 right font ',8' nomirror", "ytics nomirror", "yrange [0:*]"};
  for (size_t k = 0; k < std::size(kParts); ++k)
    p.series.push_back({k ? "" : dir + "/energy_breakdown.dat", fmt::format("{}{}", k + 2, k ? "" : ":xtic(1)"),
                        fmt::format("histograms lc rgb '{}'", kParts[k].color), kParts[k].name});
  return gnuplot_script(p);
}

void write_net_reports(const Accelerator& acc, const NetReport& rep, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw DataError(dir, "cannot create output directory: " + ec.message());
  write_file(dir + "/layers.csv", layers_csv(acc, rep));
  write_file(dir + "/summary.json", summary_json(acc, rep).dump(2) + "\n");
  write_file(dir + "/energy_breakdown.dat", energy_plot_data(rep));
  write_file(dir + "/energy_breakdown.gp", energy_plot_script(rep, dir));
}

}  // namespace shiftadd
