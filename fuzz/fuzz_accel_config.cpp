// Hardware config with its accel: section (and the tech table it names) from YAML text.
#include "cost/accel/accel_config.h"
#include "core/error.h"
#include "fuzz/fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::parse_accel_config(std::string(reinterpret_cast<const char*>(data), size), "fuzz.yaml"));
  return 0;
}
