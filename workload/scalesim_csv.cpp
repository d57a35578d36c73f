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

// Fields of a row, trimmed, as split on commas.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string c;
  while (std::getline(ss, c, ',')) out.push_back(trim(c));
  if (!line.empty() && line.back() == ',') out.push_back("");  // getline drops the empty last field
  return out;
}

// The values SCALE-Sim v2 reads from a row: row.split(',')[:-1], i.e. it drops the last field, which
// is empty when the row ends with a comma. Without that comma it drops a value: we do the same when
// enough remain (warning that it is dropped), and keep it when SCALE-Sim would have failed.
std::vector<std::string> row_values(const std::string& line, size_t needed, int lineno, std::vector<std::string>& warn) {
  std::vector<std::string> v = fields(line);
  if (!v.empty() && v.back().empty()) {
    v.pop_back();
  } else if (v.size() > needed) {
    warn.push_back(fmt::format("line {}: no trailing comma, so the last value '{}' is dropped, as SCALE-Sim v2 "
                               "does (end the row with a comma to keep it)", lineno, v.back()));
    v.pop_back();
  } else {
    warn.push_back(fmt::format("line {}: no trailing comma; all {} values are read (SCALE-Sim v2 would drop the "
                               "last and fail)", lineno, v.size()));
  }
  while (!v.empty() && v.back().empty()) v.pop_back();
  return v;
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

// The sizes the counts can hold (lowering.h), as an error at the row.
void checked(const Row& r, const Layer& l) {
  try {
    check_magnitudes(l);
  } catch (const ShapeError& e) {
    throw ConfigError(r.file, r.key("row"), fmt::format("impossible shape: {}", e.what()));
  }
}

Layer conv_layer(const Row& r) {
  if (r.v.size() < 8) throw ConfigError(r.file, r.key("row"), fmt::format("expected 8 or 9 values, got {}", r.v.size()));
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
  c.sw = r.v.size() >= 9 ? r.num(8, kConvCols[8]) : c.sh;
  c.scalesim_out = true;
  // SCALE-Sim splits a "DP" row into one conv per channel (1 input channel, Num Filter outputs).
  bool depthwise = l.name.find("DP") != std::string::npos;
  c.groups = depthwise ? ch : 1;
  c.out_channels = depthwise ? ch * filters : filters;
  l.in = {1, ch, h, w};
  l.attrs = c;
  try {
    resolve(l);
  } catch (const ShapeError& e) {
    if (c.kh <= h && c.kw <= w) throw ConfigError(r.file, r.key("row"), fmt::format("impossible shape: {}", e.what()));
    const char* col = c.kh > h ? kConvCols[3] : kConvCols[4];
    throw ConfigError(r.file, r.key(col),
                      fmt::format("filter {}x{} larger than the {}x{} IFMAP (SCALE-Sim uses no padding)", c.kh, c.kw,
                                  h, w));
  }
  checked(r, l);
  return l;
}

Layer gemm_layer(const Row& r) {
  if (r.v.size() < 4) throw ConfigError(r.file, r.key("row"), fmt::format("expected 4 values, got {}", r.v.size()));
  Layer l;
  l.name = r.v[0];
  l.type = "matmul";
  l.engine = PeKind::kMult;
  Matmul m{r.num(1, kGemmCols[1]), r.num(3, kGemmCols[3]), r.num(2, kGemmCols[2]), 1, false};
  l.in = {1, m.k, m.m, 1};
  l.attrs = m;
  resolve(l);
  checked(r, l);
  return l;
}

// The names SCALE-Sim's own files give each column. SCALE-Sim reads columns by position and ignores
// the header, so an unknown name only earns a warning, but a known name in another column means the
// file was written for another order, and is refused.
const std::vector<std::vector<std::string>> kConvNames{
    {"layer name", "layer"}, {"ifmap height"}, {"ifmap width"}, {"filter height"}, {"filter width"},
    {"channels"},            {"num filter", "num filters"}, {"strides", "stride height", "stride"}, {"stride width"}};
const std::vector<std::vector<std::string>> kGemmNames{{"layer", "layer name"}, {"m"}, {"n"}, {"k"}};

std::string norm(const std::string& s) {
  std::string out;
  for (char c : lower(s))
    if (!std::isspace(static_cast<unsigned char>(c)) || (!out.empty() && out.back() != ' ')) out += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
  return trim(out);
}

void check_header(const std::vector<std::string>& names, bool gemm, const std::string& file, int lineno,
                  std::vector<std::string>& warn) {
  const auto& cols = gemm ? kGemmNames : kConvNames;
  auto shown = [&](size_t j) { return std::string(gemm ? kGemmCols[j] : kConvCols[j]); };
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string n = norm(names[i]);
    auto named = [&](size_t j) { return std::find(cols[j].begin(), cols[j].end(), n) != cols[j].end(); };
    if (i < cols.size() && named(i)) continue;
    for (size_t j = 0; j < cols.size(); ++j)
      if (named(j))
        throw ConfigError(file, fmt::format("line {}: header", lineno),
                          fmt::format("column {} is named '{}', but SCALE-Sim reads column {} as {} (by position; it "
                                      "ignores the header): the values are in another order",
                                      i + 1, names[i], i + 1, i < cols.size() ? "'" + shown(i) + "'" : "nothing"));
    warn.push_back(i < cols.size()
                       ? fmt::format("line {}: header column {} '{}' is not a SCALE-Sim column name (expected '{}'); "
                                     "read by position", lineno, i + 1, names[i], shown(i))
                       : fmt::format("line {}: header column {} '{}' is beyond what SCALE-Sim reads; ignored", lineno,
                                     i + 1, names[i]));
  }
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
  size_t header_cols = 0, width = 0;  // width: the columns SCALE-Sim reads (9 conv, 4 GEMM)
  while (std::getline(ss, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    if (!have_header) {
      std::vector<std::string> v = fields(line);
      while (!v.empty() && v.back().empty()) v.pop_back();
      have_header = true;
      gemm = v.size() >= 4 && norm(v[1]) == "m" && norm(v[2]) == "n" && norm(v[3]) == "k";
      if (!gemm && v.size() < 8)
        throw ConfigError(file, "line " + std::to_string(lineno) + ": header",
                          "expected a SCALE-Sim header: 'Layer, M, N, K' or 'Layer name, IFMAP Height, IFMAP Width, "
                          "Filter Height, Filter Width, Channels, Num Filter, Strides'");
      check_header(v, gemm, file, lineno, net.warnings);
      width = gemm ? 4 : 9;
      header_cols = v.size();
      continue;
    }
    Row r{file, lineno, row_values(line, gemm ? 4 : 8, lineno, net.warnings)};
    if (r.v.size() >= (gemm ? 4u : 8u) && std::min(r.v.size(), width) != std::min(header_cols, width))
      throw ConfigError(file, r.key("row"), fmt::format("{} values, but the header names {} columns", r.v.size(), header_cols));
    if (r.v.size() > width)
      net.warnings.push_back(fmt::format("line {}: values after column {} are ignored, as SCALE-Sim does", lineno, width));
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
