#pragma once
// FNV-1a, 64-bit: a digest that is the same on every platform and standard library (std::hash is not),
// for cache file names and resume checks.
#include <cstdint>
#include <string_view>

namespace shiftadd {

inline uint64_t fnv1a64(std::string_view s, uint64_t h = 0xcbf29ce484222325ULL) {
  for (const unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace shiftadd
