#pragma once
// The TLM-2.0 payload extension that carries one GEMM job from the host to an array target.
#include <tlm>

#include <exception>

#include "cost/array_result.h"
#include "cost/array_spec.h"

namespace shiftadd {

struct ArrayJobExtension : tlm::tlm_extension<ArrayJobExtension> {
  const ArraySpec* spec = nullptr;
  const GemmJob* job = nullptr;
  bool timing_only = false;
  ArrayRunResult* result = nullptr;  // filled by the target
  std::exception_ptr error;          // set by the target instead of letting an exception cross the kernel

  tlm::tlm_extension_base* clone() const override { return new ArrayJobExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const ArrayJobExtension&>(other);
  }
};

}  // namespace shiftadd
