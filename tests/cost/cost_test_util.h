#pragma once
// Small helpers shared by the cost and sim tests.
#include <unistd.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cost/array_spec.h"

namespace shiftadd::testutil {

inline ArraySpec spec(PeKind pe, Dataflow df, int rows, int cols, int acc_bits, Overflow ovf, int a_bits = 8,
                      int w_bits = 8, int frac = 14) {
  ArraySpec s;
  s.name = std::string(to_string(pe)) + "_test";
  s.pe = pe;
  s.dataflow = df;
  s.rows = rows;
  s.cols = cols;
  s.acc_bits = acc_bits;
  s.overflow = ovf;
  s.a_bits = a_bits;
  s.w_bits = w_bits;
  s.shift_frac_bits = frac;
  return s;
}

inline std::string src_path(const std::string& rel) { return std::string(SHIFTADD_SOURCE_DIR) + "/" + rel; }

// Config paths (e.g. `tech:`) are relative to the repo root, as for the CLI.
inline bool chdir_to_source() { return chdir(SHIFTADD_SOURCE_DIR) == 0; }

inline std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = std::string(::testing::TempDir()) + "/shiftadd_sim_" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace shiftadd::testutil
