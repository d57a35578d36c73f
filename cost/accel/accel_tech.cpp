#include "cost/accel/accel_tech.h"
#include "cost/pe/pe_model.h"

#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/yaml_reader.h"

namespace shiftadd {
namespace {

std::string vector_key(workload::VectorKind k) { return workload::to_string(k); }

void need_source(const YamlNode& n) {
  if (n.get_string("source").empty()) n.at("source").fail("every number needs its source cited");
}

double cited_value(const YamlNode& n) {
  n.expect_map();
  n.reject_unknown({"value", "source"});
  need_source(n);
  return n.get_double("value", 0.0, 1e12);
}

}  // namespace

double PowerLaw::at(double size_kb) const { return std::exp(log_e0 + slope * std::log(size_kb)); }

namespace {

// Least squares of ln(E) on ln(size) over (size_kb, pJ per bit) points; needs two distinct sizes.
PowerLaw fit_power_law(const std::vector<std::pair<double, double>>& pts, const YamlNode& where) {
  double mx = 0, my = 0;
  for (const auto& [x, y] : pts) mx += std::log(x), my += std::log(y);
  mx /= double(pts.size()), my /= double(pts.size());
  double sxy = 0, sxx = 0;
  for (const auto& [x, y] : pts) {
    sxy += (std::log(x) - mx) * (std::log(y) - my);
    sxx += (std::log(x) - mx) * (std::log(x) - mx);
  }
  if (sxx <= 0) where.fail("expected points at two or more distinct size_kb");
  PowerLaw p;
  p.slope = sxy / sxx;
  p.log_e0 = my - p.slope * mx;
  return p;
}

void parse_sram(const YamlNode& sram, AccelTech& t) {
  sram.expect_map();
  sram.reject_unknown({"points"});
  std::vector<std::pair<double, double>> reads, writes;
  for (const YamlNode& pt : sram.at("points").items()) {
    pt.expect_map();
    pt.reject_unknown({"size_kb", "word_bits", "read_pj", "write_pj", "source"});
    need_source(pt);
    const double kb = pt.get_double("size_kb", 1e-3, 1e9), bits = double(pt.get_int("word_bits", 1, 4096));
    reads.emplace_back(kb, pt.get_double("read_pj", 1e-9, 1e9) / bits);
    writes.emplace_back(kb, pt.get_double("write_pj", 1e-9, 1e9) / bits);
  }
  t.sram_read_pj_per_bit = fit_power_law(reads, sram.at("points"));
  t.sram_write_pj_per_bit = fit_power_law(writes, sram.at("points"));
}

}  // namespace

AccelTech load_accel_tech(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.expect_map();
  root.reject_unknown({"name", "sram", "dram", "vector", "area"});
  AccelTech t;
  t.file = path;
  t.name = root.get_string("name");
  parse_sram(root.at("sram"), t);
  const YamlNode dram = root.at("dram");
  dram.expect_map();
  for (const std::string& type : dram.keys()) {
    const YamlNode e = dram.at(type);
    e.expect_map();
    e.reject_unknown({"energy_pj_per_bit", "source"});
    need_source(e);
    t.dram_pj_per_bit[type] = e.get_double("energy_pj_per_bit", 0.0, 1e6);
  }
  if (t.dram_pj_per_bit.empty()) dram.fail("expected at least one DRAM type: {energy_pj_per_bit, source}");
  const YamlNode vec = root.at("vector");
  std::vector<std::string> kinds;
  for (int i = 0; i < workload::kNumVectorKinds; ++i) kinds.push_back(vector_key(workload::VectorKind(i)));
  vec.reject_unknown(kinds);
  for (int i = 0; i < workload::kNumVectorKinds; ++i) {
    const YamlNode e = vec.at(kinds[size_t(i)]);
    e.reject_unknown({"energy_pj", "cycles", "source"});
    need_source(e);
    t.vector[workload::VectorKind(i)] = {e.get_double("energy_pj", 0.0, 1e6), e.get_double("cycles", 1e-3, 1e6)};
  }
  const YamlNode area = root.at("area");
  area.reject_unknown({"pe_um2", "sram_um2_per_kb", "vector_lane_um2"});
  const YamlNode pe = area.at("pe_um2");
  const std::vector<std::string> kinds_pe = pe_registry().names();
  pe.reject_unknown(kinds_pe);
  for (const std::string& k : kinds_pe) t.pe_area_um2[parse_pe_kind(k)] = cited_value(pe.at(k));
  t.sram_area_um2_per_kb = cited_value(area.at("sram_um2_per_kb"));
  t.vector_lane_area_um2 = cited_value(area.at("vector_lane_um2"));
  return t;
}

}  // namespace shiftadd
