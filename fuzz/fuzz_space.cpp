// A search space, and when it loads, the input again as a subnet of it.
#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "workload/space/space.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = shiftadd::fuzz::as_file(data, size, ".yaml");
  SHIFTADD_FUZZ_EXPECTED(shiftadd::load_arch(path, shiftadd::load_space(path)));
  return 0;
}
