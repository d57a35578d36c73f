// A search checkpoint and its journal: the input up to its first NUL byte is checkpoint.json, the
// rest journal.jsonl.
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "fuzz/fuzz_file.h"
#include "search/journal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t* nul = static_cast<const uint8_t*>(std::memchr(data, 0, size));
  const size_t head = nul ? size_t(nul - data) : size;
  const std::string ckpt = shiftadd::fuzz::as_file(data, head, ".json");
  const std::string journal = ckpt + ".jsonl";
  std::ofstream(journal, std::ios::binary).write(reinterpret_cast<const char*>(data) + head + (nul ? 1 : 0),
                                                 std::streamsize(size - head - (nul ? 1 : 0)));
  SHIFTADD_FUZZ_EXPECTED(shiftadd::search::load_checkpoint(ckpt, journal));
  return 0;
}
