// shiftadd tech --hw <config>: the cost of one event of every kind, as the config's tables price it
// (CSV on stdout: array,event,bits,energy_pj). The per-action view a calibration compares with gates.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "core/yaml_reader.h"
#include "cost/accel/accel_config.h"
#include "cost/energy.h"
#include "cost/hw_config.h"
#include "cost/pe/pe_model.h"

namespace shiftadd::cli {
namespace {

struct TechOptions {
  std::string hw;
};

// Rows are collected and printed only once every table has loaded: bad input prints nothing.
struct Csv {
  std::string text = "array,event,bits,energy_pj\n";
  void row(const std::string& array, const std::string& event, int bits, double pj) {
    text += fmt::format("{},{},{},{:.6g}\n", array, event, bits, pj);
  }
};

void array_rows(const HwConfig& hw, Csv& csv) {
  const TechTable tech = load_tech_table(hw.tech_path);
  for (const ArraySpec& s : hw.arrays) {
    const ArrayEventCosts c = array_event_costs(tech, s);
    const int ob = std::max(s.a_bits, s.b_bits());
    // Named actions (docs/hardware.md, "Energy"): a hop is the register it lands in plus its wire.
    csv.row(s.name, std::string(to_string(s.pe)) + "_term", pe_model(s.pe).op_bits(s), c.pe_op_pj);
    csv.row(s.name, "acc_update", s.acc_bits, c.acc_update_pj);
    csv.row(s.name, "operand_register", ob, c.operand_reg_write_pj);
    csv.row(s.name, "operand_hop", ob, c.operand_reg_write_pj + c.pe_transfer_pj);
    csv.row(s.name, "psum_register", s.acc_bits, tech.access_energy_pj("acc_register", s.acc_bits));
    csv.row(s.name, "psum_hop", s.acc_bits, tech.access_energy_pj("acc_register", s.acc_bits) + c.psum_transfer_pj);
    csv.row(s.name, "edge_word_a", s.a_bits, c.word_a_pj);
  }
}

void accel_rows(const std::string& path, Csv& csv) {
  const AccelConfig a = load_accel_config(path);
  const struct { const char* name; const BufferSpec* b; } bufs[] = {
      {"ifmap", &a.ifmap}, {"weight", &a.weight}, {"ofmap", &a.ofmap}};
  for (const auto& b : bufs) {
    csv.row("accel", fmt::format("sram_{}_read_per_bit", b.name), 1, a.tech.sram_read_pj(b.b->size_kb, 1));
    csv.row("accel", fmt::format("sram_{}_write_per_bit", b.name), 1, a.tech.sram_write_pj(b.b->size_kb, 1));
  }
  csv.row("accel", fmt::format("dram_{}_per_bit", a.dram_type), 1, a.dram_energy_pj_per_bit);
}

void run_tech(const TechOptions& o) {
  const HwConfig hw = load_hw_config(o.hw);
  Csv csv;
  array_rows(hw, csv);
  if (YamlNode::load_file(o.hw).has("accel")) accel_rows(o.hw, csv);
  std::cout << csv.text;
}

}  // namespace

void add_tech(CLI::App& app) {
  auto opts = std::make_shared<TechOptions>();
  CLI::App* cmd = app.add_subcommand(
      "tech", "Energy of one event of each kind (PE term, accumulate, hops, SRAM and DRAM bits) under a hw config's tables, as CSV");
  cmd->add_option("--hw", opts->hw, "hardware config (configs/hw/*.yaml)")->required();
  cmd->callback([opts] { run_tech(*opts); });
}

}  // namespace shiftadd::cli
