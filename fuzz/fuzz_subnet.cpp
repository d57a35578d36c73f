// A subnet of the shipped Fashion-MNIST and ImageNet spaces.
#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "workload/space/space.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const shiftadd::SearchSpace cv = shiftadd::load_space(SHIFTADD_SOURCE_DIR "/configs/space/fmnist.yaml");
  static const shiftadd::SearchSpace nlp = shiftadd::load_space(SHIFTADD_SOURCE_DIR "/configs/space/freedict.yaml");
  const std::string path = shiftadd::fuzz::as_file(data, size, ".yaml");
  SHIFTADD_FUZZ_EXPECTED(shiftadd::load_arch(path, cv));
  SHIFTADD_FUZZ_EXPECTED(shiftadd::load_arch(path, nlp));
  return 0;
}
