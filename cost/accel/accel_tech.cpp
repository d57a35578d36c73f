#include "cost/accel/accel_tech.h"
#include "cost/pe/pe_model.h"

#include <cmath>

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

double AccelTech::sram_access_pj(double bank_kb, int bits) const {
  return sram_energy_pj * std::pow(bank_kb / sram_ref_kb, sram_exponent) * double(bits) / 16.0;
}

AccelTech load_accel_tech(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.expect_map();
  root.reject_unknown({"name", "sram", "dram", "vector", "area"});
  AccelTech t;
  t.file = path;
  t.name = root.get_string("name");
  const YamlNode sram = root.at("sram");
  sram.reject_unknown({"ref_kb", "energy_pj", "exponent", "source"});
  need_source(sram);
  t.sram_ref_kb = sram.get_double("ref_kb", 1e-3, 1e9);
  t.sram_energy_pj = sram.get_double("energy_pj", 0.0, 1e6);
  t.sram_exponent = sram.get_double("exponent", 0.0, 2.0);
  const YamlNode dram = root.at("dram");
  dram.reject_unknown({"energy_pj_per_bit", "source"});
  need_source(dram);
  t.dram_energy_pj_per_bit = dram.get_double("energy_pj_per_bit", 0.0, 1e6);
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
