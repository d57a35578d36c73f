#include "cost/tech_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

TechEntry parse_entry(const YamlNode& n, bool needs_bits) {
  n.expect_map();
  if (needs_bits) n.reject_unknown({"bits", "energy_pj", "source"});
  else n.reject_unknown({"energy_pj", "source"});
  TechEntry e;
  if (needs_bits) e.bits = int(n.get_int("bits", 1, 128));
  e.energy_pj = n.get_double("energy_pj", 0.0, 1e9);
  e.source = n.get_string("source");
  if (e.source.empty()) n.at("source").fail("every number needs its source cited");
  return e;
}

}  // namespace

TechTable load_tech_table(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.expect_map();
  root.reject_unknown({"name", "description", "terms", "ops", "access"});
  TechTable t;
  t.file = path;
  t.name = root.get_string("name");
  if (root.has("description")) root.get_string("description");
  const YamlNode ops = root.at("ops");
  for (const std::string& op : ops.keys()) {
    std::vector<TechEntry> entries;
    for (const YamlNode& item : ops.at(op).items()) {
      entries.push_back(parse_entry(item, true));
      for (size_t i = 0; i + 1 < entries.size(); ++i)
        if (entries[i].bits == entries.back().bits) item.at("bits").fail("width listed twice for this op");
    }
    if (entries.empty()) ops.at(op).fail("expected at least one {bits, energy_pj, source} entry");
    std::sort(entries.begin(), entries.end(), [](const TechEntry& a, const TechEntry& b) { return a.bits < b.bits; });
    t.ops[op] = std::move(entries);
  }
  const YamlNode access = root.at("access");
  access.reject_unknown({"unit_bits", "levels"});
  t.access_unit_bits = int(access.get_int("unit_bits", 1, 128));
  const YamlNode levels = access.at("levels");
  for (const std::string& level : levels.keys()) {
    TechEntry e = parse_entry(levels.at(level), false);
    e.bits = t.access_unit_bits;
    t.access[level] = e;
  }
  // What the array energy model needs (cost/energy.cpp); extra ops/levels are allowed.
  const YamlNode terms = root.at("terms");
  const std::vector<std::string> kinds = pe_registry().names();
  terms.reject_unknown(kinds);
  for (const std::string& kind : kinds) {
    const std::string op = terms.get_string(kind);
    if (!t.ops.count(op))
      terms.at(kind).fail(fmt::format("names op '{}', which the table's ops: section does not define", op));
    t.terms[kind] = op;
  }
  if (!t.ops.count("add")) throw ConfigError(path, "ops.add", "required operation is missing (the accumulator adder)");
  for (const char* level : {"register", "register_read", "acc_register", "pe_transfer", "array_edge"})
    if (!t.access.count(level))
      throw ConfigError(path, fmt::format("access.levels.{}", level), "required access level is missing");
  return t;
}

double TechTable::op_energy_pj(const std::string& op, int bits) const {
  auto it = ops.find(op);
  if (it == ops.end()) throw InputError(fmt::format("{}: tech table has no '{}' operation", file, op));
  std::string widths;
  for (const TechEntry& e : it->second) {
    if (e.bits >= bits) return e.energy_pj;
    widths += fmt::format("{}{}", widths.empty() ? "" : ", ", e.bits);
  }
  throw InputError(fmt::format("{}: no '{}' entry at or above {} bits (tabulated widths: {})", file, op, bits, widths));
}

const std::string& TechTable::term_op(const std::string& kind) const {
  auto it = terms.find(kind);
  if (it == terms.end()) throw InputError(fmt::format("{}: tech table has no term op for PE kind '{}'", file, kind));
  return it->second;
}

double TechTable::access_energy_pj(const std::string& level, int bits) const {
  auto it = access.find(level);
  if (it == access.end()) throw InputError(fmt::format("{}: tech table has no access level '{}'", file, level));
  return it->second.energy_pj * double(bits) / double(access_unit_bits);
}

}  // namespace shiftadd
