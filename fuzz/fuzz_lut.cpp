#include "core/error.h"
#include "cost/accel/lut.h"
#include "fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::load_lut(shiftadd::fuzz::as_file(data, size, ".json")));
  return 0;
}
