#include "cost/accel/accel_config.h"

#include <fmt/format.h>

#include <fstream>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "cost/accel/memory_model.h"
#include "cost/accel/vector_unit.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

BufferSpec parse_buffer(const YamlNode& n) {
  n.expect_map();
  n.reject_unknown({"size_kb", "banks", "bandwidth_words_per_cycle"});
  BufferSpec b;
  b.size_kb = n.get_double("size_kb", 1.0 / 1024, 1 << 20);
  b.banks = int(n.get_int("banks", 1, 1024));
  b.bandwidth_words_per_cycle = n.get_double("bandwidth_words_per_cycle", 1e-3, 1e6);
  return b;
}

void parse_dram(const YamlNode& n, AccelConfig& cfg) {
  n.expect_map();
  n.reject_unknown({"bandwidth_bytes_per_cycle", "bandwidth_gb_s", "type"});
  const bool per_cycle = n.has("bandwidth_bytes_per_cycle"), gbs = n.has("bandwidth_gb_s");
  if (per_cycle == gbs) n.fail("expected exactly one of bandwidth_bytes_per_cycle, bandwidth_gb_s");
  if (per_cycle) {
    cfg.dram_bytes_per_cycle = n.get_double("bandwidth_bytes_per_cycle", 1e-3, 1e6);
    return;
  }
  cfg.dram_bandwidth_gb_s = n.get_double("bandwidth_gb_s", 1e-3, 1e6);
  cfg.dram_bytes_per_cycle = dram_bytes_per_cycle(cfg.dram_bandwidth_gb_s, cfg.hw.clock_mhz);
}

AccelConfig parse_root(const YamlNode& root) {
  AccelConfig cfg;
  cfg.hw = parse_hw_config(root);
  if (!root.has("accel")) root.fail("missing key 'accel' (buffers, dram, vector_unit; needed for --net, lut, cost)");
  const YamlNode a = root.at("accel");
  a.expect_map();
  a.reject_unknown({"tech", "buffers", "dram", "vector_unit"});
  const std::string tech = a.get_string("tech");
  if (!std::ifstream(tech)) a.at("tech").fail(fmt::format("tech table '{}' not found", tech));
  cfg.tech = load_accel_tech(tech);
  const YamlNode bufs = a.at("buffers");
  bufs.expect_map();
  bufs.reject_unknown({"impl", "reuse", "ifmap", "weight", "ofmap"});
  cfg.memory_impl = bufs.get_enum("impl", memory_model_registry().names());
  cfg.reuse_layer_to_layer = bufs.get_enum("reuse", {"layer_to_layer", "none"}) == "layer_to_layer";
  cfg.ifmap = parse_buffer(bufs.at("ifmap"));
  cfg.weight = parse_buffer(bufs.at("weight"));
  cfg.ofmap = parse_buffer(bufs.at("ofmap"));
  parse_dram(a.at("dram"), cfg);
  std::vector<std::string> dram_types;
  for (const auto& kv : cfg.tech.dram_pj_per_bit) dram_types.push_back(kv.first);
  cfg.dram_type = a.at("dram").get_enum("type", dram_types);
  cfg.dram_energy_pj_per_bit = cfg.tech.dram_pj_per_bit.at(cfg.dram_type);
  const YamlNode v = a.at("vector_unit");
  v.expect_map();
  v.reject_unknown({"impl", "lanes"});
  cfg.vector_impl = v.get_enum("impl", vector_unit_registry().names());
  cfg.vector_lanes = int(v.get_int("lanes", 1, 4096));
  std::string key;
  const std::string problem = tile_problem(cfg, &key);
  if (!problem.empty()) bufs.at(key).at("size_kb").fail(problem);
  return cfg;
}

}  // namespace

double dram_bytes_per_cycle(double gb_s, double clock_mhz) { return gb_s * 1e3 / clock_mhz; }  // GB/s / (Mcycles/s)

AccelConfig load_accel_config(const std::string& path) { return parse_root(YamlNode::load_file(path)); }

AccelConfig parse_accel_config(const std::string& text, const std::string& file) {
  return parse_root(YamlNode::load_string(text, file));
}

std::string tile_problem(const AccelConfig& cfg, std::string* key) {
  // Smallest tile: one array-sized block per buffer, double-buffered (docs/hardware.md).
  for (const ArraySpec& s : cfg.hw.arrays) {
    const double block = double(s.rows) * s.cols;
    const struct { const char* key; const BufferSpec* b; int bits; } need[] = {
        {"ifmap", &cfg.ifmap, s.a_bits}, {"weight", &cfg.weight, s.b_bits()}, {"ofmap", &cfg.ofmap, s.acc_bits}};
    for (const auto& n : need) {
      const double kb = 2 * block * ((n.bits + 7) / 8) / 1024.0;
      if (n.b->size_kb >= kb) continue;
      if (key) *key = n.key;
      return fmt::format("buffer too small for any tile: array '{}' ({}x{}) needs at least {:.3f} KB (two {}x{} blocks "
                         "of {}-bit words)", s.name, s.rows, s.cols, kb, s.rows, s.cols, n.bits);
    }
  }
  return "";
}

std::string accel_config_yaml(const AccelConfig& c) {
  std::string y = fmt::format("name: {}\nclock_mhz: {}\ntech: {}\narrays:\n", c.hw.name, c.hw.clock_mhz, c.hw.tech_path);
  for (const ArraySpec& s : c.hw.arrays) {
    const std::string key = pe_model(s.pe).weight_key();
    y += fmt::format("  - {{name: {}, impl: {}, pe: {}, dataflow: {}, rows: {}, cols: {}, a_bits: {}, {}: {}, "
                     "acc_bits: {}, overflow: {}}}\n", s.name, s.impl, to_string(s.pe), to_string(s.dataflow), s.rows,
                     s.cols, s.a_bits, key, key == "shift_frac_bits" ? s.shift_frac_bits : s.w_bits, s.acc_bits,
                     to_string(s.overflow));
  }
  auto buf = [](const char* name, const BufferSpec& b) {
    return fmt::format("    {}: {{size_kb: {}, banks: {}, bandwidth_words_per_cycle: {}}}\n", name, b.size_kb, b.banks,
                       b.bandwidth_words_per_cycle);
  };
  y += fmt::format("accel:\n  tech: {}\n  buffers:\n    impl: {}\n    reuse: {}\n", c.tech.file, c.memory_impl,
                   c.reuse_layer_to_layer ? "layer_to_layer" : "none");
  y += buf("ifmap", c.ifmap) + buf("weight", c.weight) + buf("ofmap", c.ofmap);
  if (c.dram_bandwidth_gb_s > 0)
    y += fmt::format("  dram: {{bandwidth_gb_s: {}, type: {}}}\n", c.dram_bandwidth_gb_s, c.dram_type);
  else
    y += fmt::format("  dram: {{bandwidth_bytes_per_cycle: {}, type: {}}}\n", c.dram_bytes_per_cycle, c.dram_type);
  y += fmt::format("  vector_unit: {{impl: {}, lanes: {}}}\n", c.vector_impl, c.vector_lanes);
  return y;
}

double accel_area_mm2(const AccelConfig& cfg) {
  double um2 = 0;
  for (const ArraySpec& s : cfg.hw.arrays) um2 += double(s.rows) * s.cols * cfg.tech.pe_area_um2.at(s.pe);
  um2 += (cfg.ifmap.size_kb + cfg.weight.size_kb + cfg.ofmap.size_kb) * cfg.tech.sram_area_um2_per_kb;
  um2 += cfg.vector_lanes * cfg.tech.vector_lane_area_um2;
  return um2 * 1e-6;
}

}  // namespace shiftadd
