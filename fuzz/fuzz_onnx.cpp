// The ONNX importer end to end: protobuf, folding, lifting, blocks, and the trace parsed back.
#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "import/onnx_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SHIFTADD_FUZZ_EXPECTED(shiftadd::import::import_onnx({shiftadd::fuzz::as_file(data, size, ".onnx"), {}, "fuzz"}));
  return 0;
}
