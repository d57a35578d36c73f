#include "cost/array_result.h"

namespace shiftadd {

ArrayEvents& ArrayEvents::operator+=(const ArrayEvents& o) {
  pe_ops += o.pe_ops;
  words_in_a += o.words_in_a;
  words_in_b += o.words_in_b;
  words_in_psum += o.words_in_psum;
  words_out += o.words_out;
  operand_reg_reads += o.operand_reg_reads;
  operand_reg_writes += o.operand_reg_writes;
  acc_updates += o.acc_updates;
  pe_transfers += o.pe_transfers;
  psum_transfers += o.psum_transfers;
  return *this;
}

ArrayEvents ArrayEvents::scaled(int64_t t) const {
  ArrayEvents e;
  e.pe_ops = pe_ops * t;
  e.words_in_a = words_in_a * t;
  e.words_in_b = words_in_b * t;
  e.words_in_psum = words_in_psum * t;
  e.words_out = words_out * t;
  e.operand_reg_reads = operand_reg_reads * t;
  e.operand_reg_writes = operand_reg_writes * t;
  e.acc_updates = acc_updates * t;
  e.pe_transfers = pe_transfers * t;
  e.psum_transfers = psum_transfers * t;
  return e;
}

bool ArrayEvents::operator==(const ArrayEvents& o) const {
  return pe_ops == o.pe_ops && words_in_a == o.words_in_a && words_in_b == o.words_in_b &&
         words_in_psum == o.words_in_psum && words_out == o.words_out &&
         operand_reg_reads == o.operand_reg_reads && operand_reg_writes == o.operand_reg_writes &&
         acc_updates == o.acc_updates && pe_transfers == o.pe_transfers && psum_transfers == o.psum_transfers;
}

}  // namespace shiftadd
