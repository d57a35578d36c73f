// A workload trace (YAML), then its counts and GEMM lowering.
#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "workload/counts.h"
#include "workload/trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::workload::count_network(
      shiftadd::workload::parse_trace(shiftadd::YamlNode::load_string(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml"))));
  return 0;
}
