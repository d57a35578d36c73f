#pragma once
// Small UTF-8 helpers for the text pipeline (no locale dependence).
#include <string>
#include <string_view>
#include <vector>

namespace shiftadd::data {

// Splits into code points (as byte strings). A malformed byte becomes its own element.
std::vector<std::string> utf8_chars(std::string_view s);

// Splits on ' ', '\t', '\n', '\r', '\v', '\f'.
std::vector<std::string_view> split_ascii_whitespace(std::string_view s);

}  // namespace shiftadd::data
