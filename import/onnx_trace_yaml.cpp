// trace_yaml(): block names from the ONNX node scopes, runs of equal blocks folded into `repeat`,
// and the document written with yaml-cpp's emitter.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "import/onnx_blocks.h"

namespace shiftadd::import {
namespace {

std::vector<std::string> scope_of(const std::string& node) {
  std::vector<std::string> parts;
  size_t b = 0;
  for (size_t e; (e = node.find('/', b)) != std::string::npos; b = e + 1)
    if (e > b) parts.push_back(node.substr(b, e - b));
  return parts;  // the last component (the op itself) is left out
}

// The deepest scope all of the block's nodes share ("layer1.0" for torch's /layer1/layer1.0/conv1/Conv).
std::string block_name(const TraceBlock& b, size_t index) {
  std::vector<std::string> common = b.nodes.empty() ? std::vector<std::string>{} : scope_of(b.nodes[0]);
  for (const std::string& n : b.nodes) {
    const std::vector<std::string> s = scope_of(n);
    size_t k = 0;
    while (k < common.size() && k < s.size() && common[k] == s[k]) ++k;
    common.resize(k);
  }
  const std::vector<std::string> first = b.nodes.empty() ? std::vector<std::string>{} : scope_of(b.nodes[0]);
  const std::string n = !common.empty() ? common.back() : first.empty() ? "" : first[0];
  const bool digits = !n.empty() && std::all_of(n.begin(), n.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
  return n.empty() ? fmt::format("block{}", index) : digits ? "block" + n : n;  // nn.Sequential's indices
}

void emit_layers(YAML::Emitter& e, const std::vector<const TraceOp*>& ops) {
  e << YAML::BeginSeq;
  for (const TraceOp* op : ops) {
    e << YAML::Flow << YAML::BeginMap << YAML::Key << "type" << YAML::Value << op->type;
    for (const auto& [k, v] : op->attrs) e << YAML::Key << k << YAML::Value << YAML::Load(v);
    e << YAML::EndMap;
  }
  e << YAML::EndSeq;
}

// Everything but the name (and the repeat count).
void emit_body(YAML::Emitter& e, const TraceBlock& b) {
  if (b.branches.size() == 1 && b.merge.empty()) {
    e << YAML::Key << "layers" << YAML::Value;
    emit_layers(e, b.branches[0]);
  } else {
    e << YAML::Key << "branches" << YAML::Value << YAML::BeginSeq;
    for (size_t i = 0; i < b.branches.size(); ++i) {
      e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << b.branch_names[i] << YAML::Key << "layers"
        << YAML::Value;
      if (b.branches[i].empty()) e << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
      else emit_layers(e, b.branches[i]);
      e << YAML::EndMap;
    }
    e << YAML::EndSeq << YAML::Key << "merge" << YAML::Value << b.merge;
  }
  if (b.residual) e << YAML::Key << "residual" << YAML::Value << true;
  if (!b.post.empty()) {
    e << YAML::Key << "post" << YAML::Value;
    emit_layers(e, b.post);
  }
}

std::string body_text(const TraceBlock& b) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  emit_body(e, b);
  e << YAML::EndMap;
  return e.c_str();
}

// The longest run at `i` of `period` blocks repeated (at least twice): {period, copies}.
std::pair<size_t, size_t> best_run(const std::vector<std::string>& bodies, size_t i) {
  std::pair<size_t, size_t> best{1, 1};
  for (size_t p = 1; p <= 4; ++p) {
    size_t r = 1;
    while (i + (r + 1) * p <= bodies.size() &&
           std::equal(bodies.begin() + i, bodies.begin() + i + p, bodies.begin() + i + r * p))
      ++r;
    if (r >= 2 && r * p > best.first * best.second) best = {p, r};
  }
  return best;
}

std::string trim_tail(std::string s) {
  while (!s.empty() && (std::isdigit(static_cast<unsigned char>(s.back())) || s.back() == '_' || s.back() == '.')) s.pop_back();
  return s;
}

}  // namespace

std::string trace_yaml(const OpGraph& g, const std::vector<TraceBlock>& blocks, const TraceMeta& meta) {
  std::vector<std::string> names, bodies;
  std::set<std::string> used;
  for (size_t i = 0; i < blocks.size(); ++i) {
    std::string n = block_name(blocks[i], i);
    for (int k = 2; used.count(n); ++k) n = fmt::format("{}_{}", block_name(blocks[i], i), k);
    used.insert(n);
    names.push_back(n);
    bodies.push_back(body_text(blocks[i]));
  }
  YAML::Emitter e;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << meta.name;
  e << YAML::Key << "source" << YAML::Value << YAML::DoubleQuoted << meta.source;
  if (!meta.notes.empty()) e << YAML::Key << "notes" << YAML::Value << YAML::DoubleQuoted << meta.notes;
  e << YAML::Key << "input" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  std::vector<int64_t> in = g.input_shape;
  in.resize(4, 1);  // (batch, features) and (batch, tokens, features) as the trace's NCHW
  if (g.input_shape.size() == 3) in = {g.input_shape[0], g.input_shape[2], g.input_shape[1], 1};
  for (int64_t d : in) e << d;
  e << YAML::EndSeq << YAML::Key << "blocks" << YAML::Value << YAML::BeginSeq;
  for (size_t i = 0; i < blocks.size();) {
    const auto [period, copies] = best_run(bodies, i);
    if (period == 1) {
      e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << names[i];
      if (copies > 1) e << YAML::Key << "repeat" << YAML::Value << copies;
      emit_body(e, blocks[i]);
      e << YAML::EndMap;
    } else {
      std::string group = trim_tail(names[i]);
      e << YAML::BeginMap << YAML::Key << "group" << YAML::Value << (group.empty() ? "group" : group) << YAML::Key
        << "repeat" << YAML::Value << copies << YAML::Key << "blocks" << YAML::Value << YAML::BeginSeq;
      for (size_t k = 0; k < period; ++k) {
        e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << fmt::format("b{}", k);
        emit_body(e, blocks[i + k]);
        e << YAML::EndMap;
      }
      e << YAML::EndSeq << YAML::EndMap;
    }
    i += period * copies;
  }
  e << YAML::EndSeq << YAML::EndMap;
  return fmt::format("# Imported by `shiftadd import --onnx`: regenerate it from the model, do not edit it.\n{}\n",
                     e.c_str());
}

}  // namespace shiftadd::import
