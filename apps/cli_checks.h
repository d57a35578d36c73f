#pragma once
// Option validators the CLI11 built-ins lack: CLI::Range lets NaN through (every comparison with it
// is false), so numeric options that must be finite use finite_range.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <string>

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

}  // namespace shiftadd::cli
