#pragma once
// Typed spec of one PE array and of the GEMM job it runs. No SystemC here, so rtl/ and
// tests can use it without a simulation kernel.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/pe_kind.h"

namespace shiftadd {

enum class Dataflow { kWS, kOS };
enum class Overflow { kWrap, kSaturate };

const char* to_string(Dataflow d);    // "ws" | "os"
const char* to_string(Overflow o);    // "wrap" | "saturate"
Dataflow parse_dataflow(const std::string& s);   // throws InputError

// One R x C array. Widths are in bits; values are two's complement.
struct ArraySpec {
  std::string name = "array";
  std::string impl = "systolic";  // array model implementation (registry key, hw config `impl:`)
  PeKind pe = PeKind::kMult;
  Dataflow dataflow = Dataflow::kWS;
  int rows = 16;
  int cols = 16;
  int a_bits = 8;          // activation operand (left edge)
  int w_bits = 8;          // weight operand for mult/add; shift weights use the fixed 6-bit code
  int acc_bits = 32;       // accumulator / partial sum
  Overflow overflow = Overflow::kWrap;
  int shift_frac_bits = 14;  // shift PE: accumulator fractional bits = -p_min (DeepShift-PS p in [-14, 0])

  // Width of the B operand word actually stored in the array (the PE kind's, cost/pe/).
  int b_bits() const;
};

// An M x K times K x N job. A holds activations, B holds weights (for shift: 6-bit codes).
// Both row-major, values already within their operand widths.
struct GemmJob {
  int64_t M = 0, K = 0, N = 0;
  std::vector<int64_t> A;  // M*K
  std::vector<int64_t> B;  // K*N
};

// An illegal ArraySpec field. field() is the ArraySpec member (== its hw config key) and detail()
// the expectation, so a config parser can name the YAML key without reading the message.
class ArraySpecError : public InputError {
 public:
  ArraySpecError(const std::string& array, std::string field, std::string detail);
  const std::string& field() const { return field_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string field_, detail_;
};

// Checks widths are legal for the PE kind (e.g. acc wide enough for one exact product);
// throws ArraySpecError naming the offending field.
void validate_array_spec(const ArraySpec& s);
// Checks shapes and that every operand fits its width; throws InputError.
void validate_job(const ArraySpec& s, const GemmJob& job);

}  // namespace shiftadd
