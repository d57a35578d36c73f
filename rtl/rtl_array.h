#pragma once
// Verilated RTL PE arrays (rtl/sa_array.sv) behind a plain C++ interface: no Verilator headers here.
// Dataflow and overflow mode are runtime inputs of the hardware; PE kind, size and widths are
// Verilog parameters, so each combination is its own verilated variant (see rtl/CMakeLists.txt).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cost/array_spec.h"

namespace shiftadd {

struct RtlRun {
  std::vector<int64_t> c;  // M*N row-major
  int64_t cycles = 0;      // clock cycles from the start cycle to the last result row, inclusive
};

class RtlArray {
 public:
  virtual ~RtlArray() = default;
  // Runs one job; throws InputError on an invalid job, Error if the RTL misbehaves (hangs,
  // writes outside C).
  virtual RtlRun run(const GemmJob& job, Dataflow df, Overflow ovf) = 0;
  // Dumps every later cycle to a VCD file (closed when the array is destroyed).
  virtual void enable_vcd(const std::string& path) = 0;
};

// Matches (pe, rows, cols, a_bits, b_bits(), acc_bits, and shift_frac_bits for shift arrays) to a
// built variant; spec.dataflow and spec.overflow are ignored (runtime inputs). InputError listing
// the built variants if none matches.
std::unique_ptr<RtlArray> make_rtl_array(const ArraySpec& spec);
// Specs of the built variants (dataflow ws, overflow wrap).
std::vector<ArraySpec> rtl_variants();
// "mult 4x4 a8 w8 acc16" / "shift 4x4 a8 F14 acc23": how variants are named in messages.
std::string describe_variant(const ArraySpec& spec);

}  // namespace shiftadd
