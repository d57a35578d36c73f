#pragma once
// Shared by the libFuzzer harnesses: the input as a file (the loaders under test read paths, as the
// CLI does), and the rule that a typed shiftadd::Error is the expected answer to bad input, while
// anything else escaping (std::exception, a crash, a sanitizer report) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace shiftadd::fuzz {

// Writes data to a per-process file under /tmp and returns its path (same path every call).
inline std::string as_file(const uint8_t* data, size_t size, const char* ext) {
  static const std::string path = "/tmp/shiftadd_fuzz_" + std::to_string(getpid()) + ext;  // one per process
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) __builtin_trap();
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  return path;
}

}  // namespace shiftadd::fuzz

#define SHIFTADD_FUZZ_EXPECTED(body)   \
  try {                                \
    body;                              \
  } catch (const shiftadd::Error&) {   \
  }
