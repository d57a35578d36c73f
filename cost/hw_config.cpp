#include "cost/hw_config.h"

#include <fmt/format.h>

#include <fstream>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "cost/array/array_model.h"
#include "cost/dataflow/dataflow_model.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

// "accel" (buffers, DRAM, vector unit) is parsed by cost/accel/accel_config.cpp.
const std::vector<std::string> kTopKeys = {"name", "clock_mhz", "tech", "arrays", "accel"};
const std::vector<std::string> kCommonArrayKeys = {"name", "impl", "pe", "dataflow", "rows", "cols",
                                                   "a_bits", "acc_bits", "overflow"};

// The spec field at fault is the YAML key of the array (or the array itself when the key is absent).
[[noreturn]] void rethrow_as_config(const YamlNode& node, const ArraySpecError& e) {
  const std::string key = node.has(e.field()) ? node.at(e.field()).path() : node.path();
  throw ConfigError(node.file(), key, e.detail());
}

ArraySpec parse_array(const YamlNode& n) {
  n.expect_map();
  ArraySpec s;
  s.pe = parse_pe_kind(n.get_enum("pe", pe_registry().names()));
  std::vector<std::string> allowed = kCommonArrayKeys;
  // Each PE kind sets its weight word with one key (w_bits, or shift_frac_bits for the 6-bit shift
  // code); the other kinds' keys are refused by name.
  const char* own = pe_model(s.pe).weight_key();
  for (const std::string& k : pe_registry().names()) {
    const char* key = pe_model(parse_pe_kind(k)).weight_key();
    if (std::string(key) != own && n.has(key))
      n.at(key).fail(fmt::format("not used by {} arrays (their weight word is set by {})", to_string(s.pe), own));
  }
  allowed.push_back(own);
  n.reject_unknown(allowed);
  s.name = n.get_string("name");
  s.impl = n.get_enum("impl", array_model_registry().names());
  s.dataflow = parse_dataflow(n.get_enum("dataflow", dataflow_registry().names()));
  s.rows = int(n.get_int("rows", 1, 256));
  s.cols = int(n.get_int("cols", 1, 256));
  s.a_bits = int(n.get_int("a_bits", 2, 16));
  if (std::string(own) == "shift_frac_bits") s.shift_frac_bits = int(n.get_int(own, 0, 15));
  else s.w_bits = int(n.get_int(own, 2, 16));
  s.acc_bits = int(n.get_int("acc_bits", 8, 48));
  s.overflow = n.get_enum("overflow", {"wrap", "saturate"}) == "wrap" ? Overflow::kWrap : Overflow::kSaturate;
  try {
    validate_array_spec(s);
  } catch (const ArraySpecError& e) {
    rethrow_as_config(n, e);
  }
  return s;
}

}  // namespace

HwConfig load_hw_config(const std::string& path) { return parse_hw_config(YamlNode::load_file(path)); }

HwConfig parse_hw_config(const YamlNode& root) {
  root.expect_map();
  root.reject_unknown(kTopKeys);
  HwConfig cfg;
  cfg.file = root.file();
  cfg.name = root.get_string("name");
  cfg.clock_mhz = root.get_double("clock_mhz", 1e-3, 1e5);
  cfg.tech_path = root.get_string("tech");
  if (!std::ifstream(cfg.tech_path))
    root.at("tech").fail(fmt::format("tech table '{}' not found (paths are relative to the working directory)",
                                     cfg.tech_path));
  const YamlNode arrays = root.at("arrays");
  for (const YamlNode& item : arrays.items()) {
    cfg.arrays.push_back(parse_array(item));
    for (size_t i = 0; i + 1 < cfg.arrays.size(); ++i)
      if (cfg.arrays[i].name == cfg.arrays.back().name)
        item.at("name").fail(fmt::format("duplicate array name '{}'", cfg.arrays.back().name));
  }
  if (cfg.arrays.empty()) arrays.fail("expected at least one array");
  return cfg;
}

const ArraySpec& find_array(const HwConfig& cfg, PeKind kind) {
  for (const ArraySpec& s : cfg.arrays)
    if (s.pe == kind) return s;
  std::string have;
  for (const ArraySpec& s : cfg.arrays) have += fmt::format("{}{} ({})", have.empty() ? "" : ", ", s.name, to_string(s.pe));
  throw InputError(fmt::format("{}: no {} array (arrays: {})", cfg.file, to_string(kind), have));
}

}  // namespace shiftadd
