// A SCALE-Sim topology CSV, then its counts.
#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "workload/counts.h"
#include "workload/trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::workload::count_network(
      shiftadd::workload::parse_scalesim_csv(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv")));
  return 0;
}
