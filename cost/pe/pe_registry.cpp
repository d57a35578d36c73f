#include "cost/pe/pe_model.h"

#include <map>

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
  static const std::map<PeKind, std::unique_ptr<PeModel>> models = [] {
    std::map<PeKind, std::unique_ptr<PeModel>> m;
    for (const std::string& name : pe_registry().names()) {
      auto pe = pe_registry().make(name);
      const PeKind k = pe->kind();
      m.emplace(k, std::move(pe));
    }
    return m;
  }();
  return *models.at(kind);
}

}  // namespace shiftadd
