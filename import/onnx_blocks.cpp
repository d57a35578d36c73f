// to_blocks(): a walk along the graph from its input, one block per straight run or fork-join.
#include "import/onnx_blocks.h"

#include "core/error.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

namespace shiftadd::import {
namespace {

class Structurer {
 public:
  Structurer(const OpGraph& g, const OnnxGraph& onnx) : g_(g), onnx_(onnx) {
    for (size_t i = 0; i < g.ops.size(); ++i) {
      for (const std::string& v : g.ops[i].in) users_[v].push_back(int(i));
    }
  }
  std::vector<TraceBlock> run();

 private:
  const OpGraph& g_;
  const OnnxGraph& onnx_;
  std::unordered_map<std::string, std::vector<int>> users_;
  std::vector<TraceBlock> blocks_;
  std::vector<const TraceOp*> plain_;

  [[noreturn]] void fail(const TraceOp& at, const std::string& what) const {
    throw DataError(onnx_.file, fmt::format("node '{}': {}", at.node, what));
  }
  const std::vector<int>& users(const std::string& v) const {
    static const std::vector<int> none;
    auto it = users_.find(v);
    return it == users_.end() ? none : it->second;
  }
  void flush();
  std::string fork(const std::string& from);
};

void Structurer::flush() {
  if (plain_.empty()) return;
  TraceBlock b;
  b.branch_names = {"main"};
  b.branches = {plain_};
  for (const TraceOp* op : plain_) b.nodes.push_back(op->node);
  blocks_.push_back(std::move(b));
  plain_.clear();
}

// A fork at `from`: follows each branch to the join, which all must share. Returns the value after
// the join and its post activations.
std::string Structurer::fork(const std::string& from) {
  const std::vector<int>& us = users(from);
  std::vector<std::vector<const TraceOp*>> paths;
  std::vector<std::string> ends;
  int join = -1;
  for (int u : us) {
    std::vector<const TraceOp*> path;
    std::string end = from;
    while (g_.ops[u].kind == TraceOp::Kind::kLayer) {
      path.push_back(&g_.ops[u]);
      end = g_.ops[u].out;
      if (users(end).size() != 1 || end == g_.output)
        fail(g_.ops[u], "a branch forks again, or ends, before its branches rejoin (nested branches are not supported)");
      u = users(end)[0];
    }
    if (join >= 0 && u != join)
      fail(g_.ops[u], fmt::format("the branches from '{}' rejoin at different nodes ('{}' and this one)", g_.ops[us[0]].node,
                                  g_.ops[join].node));
    join = u;
    paths.push_back(std::move(path));
    ends.push_back(end);
  }
  const TraceOp& j = g_.ops[join];
  if (j.in.size() != us.size() || std::multiset<std::string>(j.in.begin(), j.in.end()) !=
                                      std::multiset<std::string>(ends.begin(), ends.end()))
    fail(j, "joins values other than the branches of one fork");
  TraceBlock b;
  b.merge = j.kind == TraceOp::Kind::kJoinAdd ? "add" : "concat";
  std::vector<size_t> order(paths.size());  // the join's input order
  for (size_t k = 0; k < j.in.size(); ++k)
    order[k] = size_t(std::find(ends.begin(), ends.end(), j.in[k]) - ends.begin());
  if (b.merge == "add" && (paths[0].empty() || paths[1].empty())) {
    b.residual = true, b.merge = "";
    b.branch_names = {"main"};
    b.branches = {paths[0].empty() ? paths[1] : paths[0]};
  } else if (b.merge == "add") {
    const bool first_main = paths[0].size() >= paths[1].size();
    b.branch_names = {"main", "shortcut"};
    b.branches = {paths[first_main ? 0 : 1], paths[first_main ? 1 : 0]};
  } else {
    for (size_t k = 0; k < order.size(); ++k) {
      b.branch_names.push_back(fmt::format("b{}", k));
      b.branches.push_back(paths[order[k]]);
    }
  }
  std::string cur = j.out;
  static const std::set<std::string> post_types{"relu", "gelu", "sigmoid", "silu"};
  while (cur != g_.output && users(cur).size() == 1 && post_types.count(g_.ops[users(cur)[0]].type)) {
    b.post.push_back(&g_.ops[users(cur)[0]]);
    cur = g_.ops[users(cur)[0]].out;
  }
  b.nodes.push_back(j.node);
  for (const auto& br : b.branches)
    for (const TraceOp* op : br) b.nodes.push_back(op->node);
  for (const TraceOp* op : b.post) b.nodes.push_back(op->node);
  blocks_.push_back(std::move(b));
  return cur;
}

std::vector<TraceBlock> Structurer::run() {
  std::string cur = g_.input;
  while (cur != g_.output) {
    const std::vector<int>& us = users(cur);
    if (us.empty()) throw DataError(onnx_.file, fmt::format("value '{}' leads nowhere", cur));
    if (us.size() == 1 && g_.ops[us[0]].kind == TraceOp::Kind::kLayer) {
      plain_.push_back(&g_.ops[us[0]]);
      cur = g_.ops[us[0]].out;
      continue;
    }
    flush();
    if (us.size() == 1) fail(g_.ops[us[0]], "joins a value with itself");
    cur = fork(cur);
  }
  if (!users(cur).empty()) fail(g_.ops[users(cur)[0]], "reads the graph's output, which the trace cannot express");
  flush();
  return std::move(blocks_);
}

}  // namespace

std::vector<TraceBlock> to_blocks(const OpGraph& g, const OnnxGraph& onnx) { return Structurer(g, onnx).run(); }

}  // namespace shiftadd::import
