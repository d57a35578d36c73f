#pragma once
// Option validators the CLI11 built-ins lack: CLI::Range lets NaN through (every comparison with it
// is false), so numeric options that must be finite use finite_range.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <string>

#include "core/error.h"

namespace shiftadd::cli {

inline CLI::Validator finite_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& s) -> std::string {
        double v = 0;
        try {
          size_t used = 0;
          v = std::stod(s, &used);
          if (used != s.size()) return fmt::format("expected a number, got '{}'", s);
        } catch (const std::exception&) {
          return fmt::format("expected a number, got '{}'", s);
        }
        if (!std::isfinite(v) || v < lo || v > hi) return fmt::format("expected a finite number in [{}, {}], got {}", lo, hi, s);
        return "";
      },
      fmt::format("FLOAT in [{}, {}]", lo, hi));
}

// A seed: decimal digits only, at most 2^53 (exact in a JSON number). CLI11 would otherwise turn
// "-1" into 2^64 - 1 for an unsigned option without a word.
inline CLI::Validator seed_check() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        const bool digits = !s.empty() && s.size() <= 16 && s.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoull(s) > (uint64_t(1) << 53))
          return fmt::format("expected a seed in [0, 2^53] (decimal digits), got '{}'", s);
        return "";
      },
      "SEED in [0, 2^53]");
}

// An output path that names one of the command's inputs (under any name: a link, ./x) is refused
// before anything is read or written.
inline void refuse_input_as_output(const std::string& opt, const std::string& out,
                                   std::initializer_list<std::string> inputs) {
  std::error_code ec;
  if (out.empty()) return;
  for (const std::string& in : inputs)
    if (!in.empty() && std::filesystem::equivalent(out, in, ec))
      throw InputError(fmt::format("{} {} is the input file {}: writing it would destroy an input", opt, out, in));
}

}  // namespace shiftadd::cli
