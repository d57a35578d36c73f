#include "cost/energy.h"

#include <algorithm>

#include "cost/pe/pe_model.h"

namespace shiftadd {

double EnergyBreakdown::op_total_pj() const {
  double s = 0;
  for (const auto& kv : op_energy_pj) s += kv.second;
  return s;
}

double EnergyBreakdown::total_energy_pj() const {
  return op_total_pj() + register_energy_pj + transfer_energy_pj + edge_io_energy_pj;
}

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& o) {
  for (const auto& kv : o.op_energy_pj) op_energy_pj[kv.first] += kv.second;
  register_energy_pj += o.register_energy_pj;
  transfer_energy_pj += o.transfer_energy_pj;
  edge_io_energy_pj += o.edge_io_energy_pj;
  return *this;
}

ArrayEventCosts array_event_costs(const TechTable& tech, const ArraySpec& s) {
  const std::unique_ptr<PeModel> pe = make_pe_model(s.pe);
  const int operand_bits = std::max(s.a_bits, s.b_bits());  // registers/hops priced at the wider operand
  ArrayEventCosts c;
  c.op_kind = pe->op_name();
  c.pe_op_pj = tech.op_energy_pj(tech.term_op(pe->op_name()), pe->op_bits(s));
  c.acc_update_pj = tech.op_energy_pj("add", s.acc_bits) + tech.access_energy_pj("acc_register", s.acc_bits);
  c.operand_reg_read_pj = tech.access_energy_pj("register_read", operand_bits);
  c.operand_reg_write_pj = tech.access_energy_pj("register", operand_bits);
  c.pe_transfer_pj = tech.access_energy_pj("pe_transfer", operand_bits);
  c.psum_transfer_pj = tech.access_energy_pj("pe_transfer", s.acc_bits);
  c.word_a_pj = tech.access_energy_pj("array_edge", s.a_bits);
  c.word_b_pj = tech.access_energy_pj("array_edge", s.b_bits());
  c.word_acc_pj = tech.access_energy_pj("array_edge", s.acc_bits);
  return c;
}

EnergyBreakdown array_energy(const ArrayEventCosts& c, const ArrayEvents& e) {
  EnergyBreakdown b;
  b.op_energy_pj[c.op_kind] = double(e.pe_ops) * c.pe_op_pj + double(e.acc_updates) * c.acc_update_pj;
  b.register_energy_pj =
      double(e.operand_reg_reads) * c.operand_reg_read_pj + double(e.operand_reg_writes) * c.operand_reg_write_pj;
  b.transfer_energy_pj = double(e.pe_transfers - e.psum_transfers) * c.pe_transfer_pj +
                         double(e.psum_transfers) * c.psum_transfer_pj;
  b.edge_io_energy_pj = double(e.words_in_a) * c.word_a_pj + double(e.words_in_b) * c.word_b_pj +
                        double(e.words_in_psum + e.words_out) * c.word_acc_pj;
  return b;
}

}  // namespace shiftadd
