#pragma once
// The arithmetic kind of a PE array and of the GEMM operators mapped onto it: the one definition
// used by the workload descriptors, the integer kernels, the cost model, the SystemC models and the
// RTL driver. Search-space block types map onto it in workload/space (block_pe_kind).
#include <string>

namespace shiftadd {

enum class PeKind { kMult, kShift, kAdd };

const char* to_string(PeKind k);            // "mult" | "shift" | "add"
PeKind parse_pe_kind(const std::string& s);  // throws InputError naming the accepted names

}  // namespace shiftadd
