#pragma once
// Integer fields of JSON files read back from disk (LUTs, search checkpoints and journals). nlohmann's
// implicit conversion casts a float to an integer type unchecked, which is undefined behaviour beyond the
// type's range (found by fuzz_checkpoint): these readers take integers through json_integer instead.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"

namespace shiftadd {

// v as T; DataError naming file and `what` unless v is an integer within T's range.
template <class T>
T json_integer(const nlohmann::json& v, const std::string& what, const std::string& file) {
  using L = std::numeric_limits<T>;
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u <= uint64_t(L::max())) return T(u);
  } else if (v.is_number_integer()) {
    const int64_t i = v.get<int64_t>();
    if ((L::is_signed || i >= 0) && (!L::is_signed || i >= int64_t(L::min())) && uint64_t(i < 0 ? 0 : i) <= uint64_t(L::max()))
      return T(i);
  }
  throw DataError(file, fmt::format("{}: expected an integer in [{}, {}], got {}", what, L::min(), L::max(), v.dump()));
}

// The integer field `key` of object j.
template <class T>
T json_integer_at(const nlohmann::json& j, const std::string& key, const std::string& what, const std::string& file) {
  return json_integer<T>(j.at(key), what.empty() ? key : what + "." + key, file);
}

template <class T>
std::vector<T> json_integers(const nlohmann::json& v, const std::string& what, const std::string& file) {
  if (!v.is_array()) throw DataError(file, fmt::format("{}: expected an array of integers, got {}", what, v.dump()));
  std::vector<T> out;
  for (size_t i = 0; i < v.size(); ++i) out.push_back(json_integer<T>(v[i], fmt::format("{}[{}]", what, i), file));
  return out;
}

}  // namespace shiftadd
