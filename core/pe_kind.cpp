#include "core/pe_kind.h"

#include "core/error.h"

namespace shiftadd {

const char* to_string(PeKind k) {
  switch (k) {
    case PeKind::kMult: return "mult";
    case PeKind::kShift: return "shift";
    case PeKind::kAdd: return "add";
  }
  return "?";
}

PeKind parse_pe_kind(const std::string& s) {
  for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd})
    if (s == to_string(k)) return k;
  throw InputError("unknown PE kind '" + s + "': expected one of [mult, shift, add]");
}

}  // namespace shiftadd
