#include "sim/pe/pe_model.h"

namespace shiftadd {

const PeRegistry& pe_registry() {
  static const PeRegistry reg = [] {
    PeRegistry r;
    register_mult_pe(r);
    register_shift_pe(r);
    register_add_pe(r);
    return r;
  }();
  return reg;
}

std::unique_ptr<PeModel> make_pe_model(PeKind kind) { return pe_registry().make(to_string(kind)); }

}  // namespace shiftadd
