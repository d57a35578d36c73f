#pragma once
// Typed, checked access to YAML. Every error names the file, the key path and the expectation.
// Parse once at the edge into spec structs; never pass YAML::Node deeper than a parser.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace shiftadd {

class YamlNode {
 public:
  // Loads a file; a missing file or a syntax error becomes a ConfigError.
  static YamlNode load_file(const std::string& path);
  // Parses text (for tests and embedded specs); `file` is the name used in errors.
  static YamlNode load_string(const std::string& text, const std::string& file);

  YamlNode(YAML::Node node, std::string file, std::string path);

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }  // e.g. "array.rows" or "layers[3].type"
  const YAML::Node& raw() const { return node_; }

  bool is_map() const { return node_.IsMap(); }
  bool is_seq() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool has(const std::string& key) const;

  YamlNode at(const std::string& key) const;  // required child of a map
  std::vector<YamlNode> items() const;        // children of a sequence (error if not a sequence)
  std::vector<std::string> keys() const;      // keys of a map, in file order

  // Scalars of this node.
  int64_t as_int(int64_t lo, int64_t hi) const;
  double as_double(double lo, double hi) const;
  bool as_bool() const;
  std::string as_string() const;
  std::string as_enum(const std::vector<std::string>& choices) const;

  // Shorthands for required keys of a map.
  int64_t get_int(const std::string& key, int64_t lo, int64_t hi) const { return at(key).as_int(lo, hi); }
  double get_double(const std::string& key, double lo, double hi) const { return at(key).as_double(lo, hi); }
  bool get_bool(const std::string& key) const { return at(key).as_bool(); }
  std::string get_string(const std::string& key) const { return at(key).as_string(); }
  std::string get_enum(const std::string& key, const std::vector<std::string>& choices) const {
    return at(key).as_enum(choices);
  }
  std::vector<int64_t> get_int_list(const std::string& key, int64_t lo, int64_t hi) const;

  // Throws if the map has a key outside `allowed` or a key twice (catches typos instead of ignoring them).
  void reject_unknown(const std::vector<std::string>& allowed) const;
  void expect_map() const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::string child_path(const std::string& key) const;
  YAML::Node node_;
  std::string file_;
  std::string path_;
};

}  // namespace shiftadd
