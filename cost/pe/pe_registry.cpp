#include "cost/pe/pe_model.h"

#include "cost/random_job.h"

namespace shiftadd {

int64_t PeModel::extreme_b(const ArraySpec& s, Rng& rng, bool a_low) const {
  return pick_extreme(b_min(s), b_max(s), a_low ? b_min(s) : b_max(s), rng);
}

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

const PeModel& pe_model(PeKind kind) {
  static const auto models = instances_by<PeKind>(pe_registry(), [](const PeModel& p) { return p.kind(); });
  return *models.at(kind);
}

}  // namespace shiftadd
