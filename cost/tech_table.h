#pragma once
// A technology table (configs/tech/*.yaml) parsed once into typed form. Numbers only; which event
// uses which entry is decided in sim/energy.cpp. Lookup rules are in docs/hardware.md ("Energy").
#include <map>
#include <string>
#include <vector>

namespace shiftadd {

struct TechEntry {
  int bits = 0;
  double energy_pj = 0;
  std::string source;  // citation, as written beside the number
};

struct TechTable {
  std::string file, name;
  std::map<std::string, std::vector<TechEntry>> ops;  // op kind ("mult", "add", "shift", ...) -> by bits
  int access_unit_bits = 16;                           // access energies are per word of this width
  std::map<std::string, TechEntry> access;             // level ("register", "pe_transfer", ...) -> cost
  std::map<std::string, std::string> terms;            // PE kind ("mult", "shift", "add") -> op one term costs

  // The op that one term of a PE of `kind` costs (the table's `terms:` map).
  const std::string& term_op(const std::string& kind) const;

  // Energy of one `op` at `bits`: the entry with the smallest tabulated width >= bits.
  // InputError if the op is missing or every tabulated width is narrower.
  double op_energy_pj(const std::string& op, int bits) const;
  // Energy of one access of a `bits`-wide word at `level`: linear, energy_pj * bits / access_unit_bits.
  double access_energy_pj(const std::string& level, int bits) const;
};

// ConfigError (file, key, expectation) on any problem; unknown keys rejected.
TechTable load_tech_table(const std::string& path);

}  // namespace shiftadd
