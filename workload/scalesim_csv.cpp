// SCALE-Sim v2 topology import (scalesim/topology_utils.py: load_arrays_conv / load_arrays_gemm).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

const char* const kConvCols[] = {"Layer name",   "IFMAP Height", "IFMAP Width", "Filter Height", "Filter Width",
                                 "Channels",     "Num Filter",   "Strides",     "Stride Width"};
const char* const kGemmCols[] = {"Layer", "M", "N", "K"};

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Cells of a row; SCALE-Sim rows end with a comma, so trailing empty cells are dropped.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string c;
  while (std::getline(ss, c, ',')) out.push_back(trim(c));
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

struct Row {
  const std::string& file;
  int line;
  std::vector<std::string> v;

  std::string key(const char* col) const { return fmt::format("line {}: {}", line, col); }
  int64_t num(size_t i, const char* col) const {
    const std::string& s = v[i];
    size_t used = 0;
    int64_t x = 0;
    try {
      x = std::stoll(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != s.size()) throw ConfigError(file, key(col), fmt::format("expected an integer, got '{}'", s));
    if (x < 1) throw ConfigError(file, key(col), fmt::format("expected a size >= 1, got {}", x));
    return x;
  }
};

Layer conv_layer(const Row& r) {
  if (r.v.size() < 8 || r.v.size() > 9)
    throw ConfigError(r.file, r.key("row"), fmt::format("expected 8 or 9 values, got {}", r.v.size()));
  Layer l;
  l.name = r.v[0];
  l.type = "conv2d";
  l.engine = PeKind::kMult;
  int64_t h = r.num(1, kConvCols[1]), w = r.num(2, kConvCols[2]), ch = r.num(5, kConvCols[5]);
  Conv2d c;
  c.kh = r.num(3, kConvCols[3]);
  c.kw = r.num(4, kConvCols[4]);
  int64_t filters = r.num(6, kConvCols[6]);
  c.sh = r.num(7, kConvCols[7]);
  c.sw = r.v.size() == 9 ? r.num(8, kConvCols[8]) : c.sh;
  c.scalesim_out = true;
  // SCALE-Sim splits a "DP" row into one conv per channel (1 input channel, Num Filter outputs).
  bool depthwise = l.name.find("DP") != std::string::npos;
  c.groups = depthwise ? ch : 1;
  c.out_channels = depthwise ? ch * filters : filters;
  l.in = {1, ch, h, w};
  l.attrs = c;
  try {
    resolve(l);
  } catch (const ShapeError&) {
    const char* col = c.kh > h ? kConvCols[3] : kConvCols[4];
    throw ConfigError(r.file, r.key(col),
                      fmt::format("filter {}x{} larger than the {}x{} IFMAP (SCALE-Sim uses no padding)", c.kh, c.kw,
                                  h, w));
  }
  return l;
}

Layer gemm_layer(const Row& r) {
  if (r.v.size() != 4) throw ConfigError(r.file, r.key("row"), fmt::format("expected 4 values, got {}", r.v.size()));
  Layer l;
  l.name = r.v[0];
  l.type = "matmul";
  l.engine = PeKind::kMult;
  Matmul m{r.num(1, kGemmCols[1]), r.num(3, kGemmCols[3]), r.num(2, kGemmCols[2]), 1, false};
  l.in = {1, m.k, m.m, 1};
  l.attrs = m;
  resolve(l);
  return l;
}

}  // namespace

Network parse_scalesim_csv(const std::string& text, const std::string& file) {
  std::stringstream ss(text);
  std::string line;
  int lineno = 0;
  bool gemm = false, have_header = false;
  Network net;
  net.file = file;
  std::string base = file.substr(file.find_last_of('/') == std::string::npos ? 0 : file.find_last_of('/') + 1);
  net.name = base.substr(0, base.find_last_of('.'));
  net.source = "SCALE-Sim topology CSV";
  while (std::getline(ss, line)) {
    ++lineno;
    std::vector<std::string> v = cells(line);
    if (v.empty()) continue;
    if (!have_header) {
      have_header = true;
      gemm = v.size() == 4 && lower(v[1]) == "m" && lower(v[2]) == "n" && lower(v[3]) == "k";
      if (!gemm && v.size() < 8)
        throw ConfigError(file, "line " + std::to_string(lineno) + ": header",
                          "expected a SCALE-Sim header: 'Layer, M, N, K' or 'Layer name, IFMAP Height, IFMAP Width, "
                          "Filter Height, Filter Width, Channels, Num Filter, Strides'");
      continue;
    }
    Row r{file, lineno, std::move(v)};
    Layer l = gemm ? gemm_layer(r) : conv_layer(r);
    Block b;
    b.name = l.name;
    b.in = l.in;
    b.out = l.out;
    b.branches.push_back(Branch{"main", {l}, l.in, l.out});
    net.blocks.push_back(std::move(b));
  }
  if (net.blocks.empty()) throw ConfigError(file, "<file>", "no layer rows");
  net.input = net.blocks.front().in;
  net.output = net.blocks.back().out;
  net.notes = gemm ? "GEMM rows (Layer, M, N, K)" : "conv rows; no padding, output ceil((H - F + S) / S)";
  return net;
}

Network load_scalesim_csv(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, "<file>", "is a directory; expected a CSV file");
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "<file>", "cannot open file");
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_scalesim_csv(buf.str(), path);
}

}  // namespace shiftadd::workload
