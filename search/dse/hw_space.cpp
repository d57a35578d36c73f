#include "search/dse/hw_space.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/yaml_reader.h"
#include "cost/pe/pe_model.h"

namespace shiftadd::search {
namespace {

constexpr size_t kMaxValues = 4096;  // per axis

// A list of values, or a range: {min, max, step} (linear) or {min, max, factor} (geometric).
std::vector<double> axis(const YamlNode& n, double lo, double hi, bool integral) {
  std::vector<double> v;
  if (n.is_seq()) {
    for (const YamlNode& item : n.items()) v.push_back(integral ? double(item.as_int(int64_t(lo), int64_t(hi))) : item.as_double(lo, hi));
  } else {
    n.expect_map();
    n.reject_unknown({"min", "max", "step", "factor"});
    const double a = integral ? double(n.get_int("min", int64_t(lo), int64_t(hi))) : n.get_double("min", lo, hi);
    const double b = integral ? double(n.get_int("max", int64_t(lo), int64_t(hi))) : n.get_double("max", lo, hi);
    if (a > b) n.at("min").fail(fmt::format("range min {} is greater than max {}", a, b));
    if (n.has("step") == n.has("factor")) n.fail("expected exactly one of step (linear range) or factor (geometric range)");
    const double step = n.has("step") ? n.get_double("step", 1e-9, 1e15) : 0;
    const double factor = n.has("factor") ? n.get_double("factor", 1.0 + 1e-9, 1e6) : 0;
    for (int64_t i = 0;; ++i) {
      const double x = step > 0 ? a + double(i) * step : a * std::pow(factor, double(i));
      if (x > b * (1 + 1e-12)) break;
      if (v.size() == kMaxValues) n.fail(fmt::format("range has more than {} values", kMaxValues));
      v.push_back(integral ? std::round(x) : x);
    }
  }
  if (v.empty()) n.fail("expected at least one value");
  if (v.size() > kMaxValues) n.fail(fmt::format("more than {} values", kMaxValues));
  for (size_t i = 0; i < v.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (v[i] == v[j]) n.fail(fmt::format("value {} listed twice", v[i]));
  return v;
}

std::vector<int> int_axis(const YamlNode& n, int64_t lo, int64_t hi) {
  std::vector<int> out;
  for (double x : axis(n, double(lo), double(hi), true)) out.push_back(int(x));
  return out;
}

BufferAxis buffer_axis(const YamlNode& n) {
  n.expect_map();
  n.reject_unknown({"size_kb", "banks", "bandwidth_words_per_cycle"});
  return {axis(n.at("size_kb"), 1.0 / 1024, 1 << 20, false), axis(n.at("bandwidth_words_per_cycle"), 1e-3, 1e6, false),
          int_axis(n.at("banks"), 1, 1024)};
}

ArrayAxis array_axis(const YamlNode& n) {
  n.expect_map();
  n.reject_unknown({"pe", "present", "rows", "cols", "dataflow"});
  ArrayAxis a;
  a.pe = parse_pe_kind(n.get_enum("pe", pe_registry().names()));
  for (const YamlNode& item : n.at("present").items()) {
    const int p = item.as_bool() ? 1 : 0;
    if (std::count(a.present.begin(), a.present.end(), p)) item.fail(fmt::format("value {} listed twice", p ? "true" : "false"));
    a.present.push_back(p);
  }
  if (a.present.empty()) n.at("present").fail("expected [true], [false, true] or [true, false]");
  a.rows = int_axis(n.at("rows"), 1, 256);
  a.cols = int_axis(n.at("cols"), 1, 256);
  for (const YamlNode& item : n.at("dataflow").items()) {
    const Dataflow d = parse_dataflow(item.as_enum({"ws", "os"}));
    if (std::count(a.dataflow.begin(), a.dataflow.end(), d)) item.fail("dataflow listed twice");
    a.dataflow.push_back(d);
  }
  if (a.dataflow.empty()) n.at("dataflow").fail("expected at least one of ws, os");
  return a;
}

template <class T>
std::string list(const std::vector<T>& v) {
  std::string s;
  for (const T& x : v) s += fmt::format("{},", x);
  return s;
}

}  // namespace

HwSpace parse_hw_space(const YamlNode& n) {
  n.expect_map();
  n.reject_unknown({"base", "name", "arrays", "a_bits", "w_bits", "acc_bits", "clock_mhz", "buffers",
                    "dram_bandwidth_gb_s", "vector_lanes"});
  HwSpace s;
  s.base_path = n.get_string("base");
  s.base = load_accel_config(s.base_path);
  s.name = n.get_string("name");
  for (const YamlNode& item : n.at("arrays").items()) {
    s.arrays.push_back(array_axis(item));
    for (size_t i = 0; i + 1 < s.arrays.size(); ++i)
      if (s.arrays[i].pe == s.arrays.back().pe)
        item.at("pe").fail(fmt::format("PE kind '{}' listed twice (one sub-array per kind)", to_string(s.arrays[i].pe)));
  }
  if (s.arrays.empty()) n.at("arrays").fail("expected at least one sub-array");
  if (std::none_of(s.arrays.begin(), s.arrays.end(), [](const ArrayAxis& a) { return std::count(a.present.begin(), a.present.end(), 1); }))
    n.at("arrays").fail("no sub-array can be present (every present: is [false])");
  s.a_bits = int_axis(n.at("a_bits"), 2, 16);
  s.w_bits = int_axis(n.at("w_bits"), 2, 16);
  s.acc_bits = int_axis(n.at("acc_bits"), 8, 48);
  s.clock_mhz = axis(n.at("clock_mhz"), 1e-3, 1e5, false);
  const YamlNode b = n.at("buffers");
  b.expect_map();
  b.reject_unknown({"ifmap", "weight", "ofmap"});
  s.ifmap = buffer_axis(b.at("ifmap"));
  s.weight = buffer_axis(b.at("weight"));
  s.ofmap = buffer_axis(b.at("ofmap"));
  s.dram_bandwidth_gb_s = axis(n.at("dram_bandwidth_gb_s"), 1e-3, 1e6, false);
  s.vector_lanes = int_axis(n.at("vector_lanes"), 1, 4096);
  return s;
}

std::string hw_space_signature(const HwSpace& s) {
  std::string sig = s.base_path + "|" + s.name + "|";
  for (const ArrayAxis& a : s.arrays) {
    sig += fmt::format("{}:{}/{}/{}/", to_string(a.pe), list(a.present), list(a.rows), list(a.cols));
    for (Dataflow d : a.dataflow) sig += std::string(to_string(d)) + ",";
    sig += "|";
  }
  sig += list(s.a_bits) + "|" + list(s.w_bits) + "|" + list(s.acc_bits) + "|" + list(s.clock_mhz) + "|";
  for (const BufferAxis* b : {&s.ifmap, &s.weight, &s.ofmap})
    sig += list(b->size_kb) + "/" + list(b->banks) + "/" + list(b->bandwidth_words_per_cycle) + "|";
  return sig + list(s.dram_bandwidth_gb_s) + "|" + list(s.vector_lanes);
}

}  // namespace shiftadd::search
