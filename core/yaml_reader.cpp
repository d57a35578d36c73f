#include "core/yaml_reader.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace shiftadd {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

}  // namespace

YamlNode YamlNode::load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, "<file>", "is a directory; expected a YAML file");
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "<file>", "cannot open file");
  try {
    return YamlNode(YAML::LoadFile(path), path, "");
  } catch (const YAML::Exception& e) {
    throw ConfigError(path, "<file>", fmt::format("YAML syntax error at line {}: {}", e.mark.line + 1, e.msg));
  }
}

YamlNode YamlNode::load_string(const std::string& text, const std::string& file) {
  try {
    return YamlNode(YAML::Load(text), file, "");
  } catch (const YAML::Exception& e) {
    throw ConfigError(file, "<file>", fmt::format("YAML syntax error at line {}: {}", e.mark.line + 1, e.msg));
  }
}

YamlNode::YamlNode(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

void YamlNode::fail(const std::string& what) const { throw ConfigError(file_, path_.empty() ? "<root>" : path_, what); }

std::string YamlNode::child_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

void YamlNode::expect_map() const {
  if (!node_.IsMap()) fail("expected a mapping of keys to values");
  for (const auto& kv : node_)
    if (!kv.first.IsScalar())  // YAML allows `? [a, b]: v`; no shiftadd file has such keys
      fail(fmt::format("a key is a {} (line {}); keys must be plain names", kv.first.IsSequence() ? "list" : "mapping",
                       kv.first.Mark().line + 1));
}

bool YamlNode::has(const std::string& key) const { return node_.IsMap() && node_[key].IsDefined(); }

YamlNode YamlNode::at(const std::string& key) const {
  expect_map();
  YAML::Node child = node_[key];
  if (!child.IsDefined() || child.IsNull())
    throw ConfigError(file_, child_path(key), "required key is missing");
  return YamlNode(child, file_, child_path(key));
}

std::vector<YamlNode> YamlNode::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<YamlNode> out;
  for (size_t i = 0; i < node_.size(); ++i)
    out.emplace_back(node_[i], file_, fmt::format("{}[{}]", path_, i));
  return out;
}

std::vector<std::string> YamlNode::keys() const {
  expect_map();
  std::vector<std::string> out;
  for (const auto& kv : node_) out.push_back(kv.first.Scalar());  // expect_map: every key is a scalar
  return out;
}

int64_t YamlNode::as_int(int64_t lo, int64_t hi) const {
  if (!node_.IsScalar()) fail(fmt::format("expected an integer in [{}, {}]", lo, hi));
  int64_t v = 0;
  try {
    v = node_.as<int64_t>();
  } catch (const YAML::Exception&) {
    fail(fmt::format("expected an integer in [{}, {}], got '{}'", lo, hi, node_.Scalar()));
  }
  if (v < lo || v > hi) fail(fmt::format("expected an integer in [{}, {}], got {}", lo, hi, v));
  return v;
}

double YamlNode::as_double(double lo, double hi) const {
  if (!node_.IsScalar()) fail(fmt::format("expected a number in [{}, {}]", lo, hi));
  double v = 0;
  try {
    v = node_.as<double>();
  } catch (const YAML::Exception&) {
    fail(fmt::format("expected a number in [{}, {}], got '{}'", lo, hi, node_.Scalar()));
  }
  if (!std::isfinite(v) || v < lo || v > hi) fail(fmt::format("expected a number in [{}, {}], got {}", lo, hi, v));
  return v;
}

bool YamlNode::as_bool() const {
  if (!node_.IsScalar()) fail("expected true or false");
  try {
    return node_.as<bool>();
  } catch (const YAML::Exception&) {
    fail(fmt::format("expected true or false, got '{}'", node_.Scalar()));
  }
}

std::string YamlNode::as_string() const {
  if (!node_.IsScalar()) fail("expected a string");
  return node_.Scalar();
}

std::string YamlNode::as_enum(const std::vector<std::string>& choices) const {
  std::string s = node_.IsScalar() ? node_.Scalar() : std::string("<not a scalar>");
  for (const auto& c : choices)
    if (c == s) return s;
  fail(fmt::format("expected one of [{}], got '{}'", join(choices), s));
}

std::vector<int64_t> YamlNode::get_int_list(const std::string& key, int64_t lo, int64_t hi) const {
  std::vector<int64_t> out;
  for (const auto& item : at(key).items()) out.push_back(item.as_int(lo, hi));
  return out;
}

void YamlNode::reject_unknown(const std::vector<std::string>& allowed) const {
  expect_map();
  std::vector<std::pair<std::string, std::string>> seen;  // key, where
  for (const auto& kv : node_) {
    const std::string k = kv.first.Scalar();
    const std::string at = fmt::format("line {}, column {}", kv.first.Mark().line + 1, kv.first.Mark().column + 1);
    for (const auto& [s, first] : seen)
      if (s == k) throw ConfigError(file_, child_path(k), fmt::format("duplicate key (at {} and at {})", first, at));
    seen.emplace_back(k, at);
    bool ok = false;
    for (const auto& a : allowed) ok = ok || (a == k);
    if (!ok) throw ConfigError(file_, child_path(k), fmt::format("unknown key; allowed keys are [{}]", join(allowed)));
  }
}

}  // namespace shiftadd
