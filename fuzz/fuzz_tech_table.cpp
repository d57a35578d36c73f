#include "cost/tech_table.h"
#include "core/error.h"
#include "fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::load_tech_table(shiftadd::fuzz::as_file(data, size, ".yaml")));
  return 0;
}
