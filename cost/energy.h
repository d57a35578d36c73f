#pragma once
// Energy = event counts x per-event costs. The costs of one array (pJ per event) are derived from
// the tech table and the array's widths; the counts come from the model. The two stay apart so a
// caller can reuse one cost set for many count sets (e.g. lookup tables).
#include <map>
#include <string>

#include "cost/array_result.h"
#include "cost/array_spec.h"
#include "cost/tech_table.h"

namespace shiftadd {

// pJ per event for one array. Widths per docs/hardware.md ("Energy").
struct ArrayEventCosts {
  std::string op_kind;           // "mult" | "shift" | "add": the tech op of one PE term
  double pe_op_pj = 0;           // one term (mult / shift / subtract-and-abs)
  double acc_update_pj = 0;      // one accumulator add at acc_bits + its register update
  double operand_reg_read_pj = 0, operand_reg_write_pj = 0;  // one operand register read / write
  double pe_transfer_pj = 0;     // one operand hop between neighbouring PEs
  double psum_transfer_pj = 0;   // one acc_bits-wide hop (partial sums, results)
  double word_a_pj = 0, word_b_pj = 0, word_acc_pj = 0;  // one word across the array edge
};

struct EnergyBreakdown {
  std::map<std::string, double> op_energy_pj;  // by PE op kind: terms + accumulator adds
  double register_energy_pj = 0;               // operand register reads and writes
  double transfer_energy_pj = 0;               // PE-to-PE hops
  double edge_io_energy_pj = 0;                // words in and out at the array edge
  double op_total_pj() const;
  double total_energy_pj() const;
  EnergyBreakdown& operator+=(const EnergyBreakdown& o);
};

ArrayEventCosts array_event_costs(const TechTable& tech, const ArraySpec& spec);
EnergyBreakdown array_energy(const ArrayEventCosts& costs, const ArrayEvents& events);

}  // namespace shiftadd
