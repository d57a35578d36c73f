#include "core/error.h"
#include "core/npy.h"
#include "fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::read_npy(shiftadd::fuzz::as_file(data, size, ".npy")));
  return 0;
}
