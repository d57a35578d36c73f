#include "cost/array/array_model.h"

namespace shiftadd {

const ArrayModelRegistry& array_model_registry() {
  static const ArrayModelRegistry reg = [] {
    ArrayModelRegistry r;
    register_systolic_array(r);
    return r;
  }();
  return reg;
}

}  // namespace shiftadd
