// Multi-node patterns that are one trace layer: attention (MatMul, Softmax, MatMul between Q/K/V and
// output projections), GELU in its erf form, LayerNorm decomposed into reductions, and SiLU.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "import/onnx_lift.h"

namespace shiftadd::import {

GraphIndex::GraphIndex(const FoldedGraph& folded) : f(folded), needed(folded.graph->nodes.size(), false) {
  const auto& nodes = f.graph->nodes;
  for (int i : f.live)
    for (const std::string& o : nodes[i].outputs)
      if (!o.empty()) producer[o] = i;
  std::vector<std::string> todo{f.output};  // needed: live nodes the output depends on
  while (!todo.empty()) {
    const int p = prod(todo.back());
    todo.pop_back();
    if (p < 0 || needed[p]) continue;
    needed[p] = true;
    for (const std::string& v : act_inputs(p)) todo.push_back(v);
  }
  for (int i : f.live)
    if (needed[i])
      for (const std::string& v : act_inputs(i)) users[v].push_back(i);
}

std::vector<std::string> GraphIndex::act_inputs(int i) const {
  std::vector<std::string> v;
  for (const std::string& s : node(i).inputs)
    if (is_act(s)) v.push_back(s);
  return v;
}

int GraphIndex::prod(const std::string& v) const {
  auto it = producer.find(v);
  return it == producer.end() ? -1 : it->second;
}

const std::vector<int>& GraphIndex::used_by(const std::string& v) const {
  static const std::vector<int> none;
  auto it = users.find(v);
  return it == users.end() ? none : it->second;
}

int GraphIndex::only_user(const std::string& v) const {
  const auto& u = used_by(v);
  return u.size() == 1 && v != f.output ? u[0] : -1;
}

namespace {

bool is_view(const std::string& op) {
  static const std::set<std::string> v{"Reshape", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Cast", "Dropout",
                                       "Flatten"};
  return v.count(op) > 0;
}

// The scalar value of a constant input of node i, if it has one.
std::optional<double> scalar_input(const GraphIndex& gi, int i) {
  for (const std::string& s : gi.node(i).inputs)
    if (!s.empty() && !gi.is_act(s) && gi.f.at(s).has_data && gi.f.at(s).numel() == 1) return gi.f.at(s).data[0];
  return std::nullopt;
}

bool near(std::optional<double> v, double x) { return v && std::fabs(*v - x) < 1e-3 * std::fabs(x); }

// One activation input and one constant: a scale, a bias, a projection.
bool one_act(const GraphIndex& gi, int i) { return gi.act_inputs(i).size() == 1; }

bool is_projection(const GraphIndex& gi, int i) {
  const std::string& op = gi.node(i).op_type;
  return (op == "MatMul" || op == "Gemm") && one_act(gi, i) && gi.is_act(gi.node(i).inputs[0]);
}

struct Walk {
  std::string value;
  bool projected = false, biased = false;
};

// From a Q, K or V operand back through heads' reshapes, slices, a scale, a bias and one projection,
// then through pure views, to the attention's input.
Walk walk_back(const GraphIndex& gi, std::string v) {
  Walk w;
  for (int p; (p = gi.prod(v)) >= 0;) {
    const std::string& op = gi.node(p).op_type;
    const bool view = is_view(op) || (!w.projected && (op == "Split" || op == "Slice" || op == "Gather"));
    const bool scale = !w.projected && (op == "Mul" || op == "Div") && one_act(gi, p);
    const bool bias = !w.projected && op == "Add" && one_act(gi, p);
    const bool proj = !w.projected && is_projection(gi, p);
    if (!(view && one_act(gi, p)) && !scale && !bias && !proj) break;
    w.biased = w.biased || bias || (proj && gi.node(p).inputs.size() > 2 && !gi.node(p).inputs[2].empty());
    w.projected = w.projected || proj;
    v = gi.act_inputs(p)[0];
  }
  return w.value = v, w;
}

bool act_matmul(const GraphIndex& gi, int i) { return i >= 0 && gi.node(i).op_type == "MatMul" && gi.act_inputs(i).size() == 2; }

// Nodes on a path from `x` to `y`: descendants of x that are ancestors of y.
std::set<int> region(const GraphIndex& gi, const std::string& x, const std::string& y) {
  std::set<int> down, up, out;
  std::vector<std::string> todo{x};
  while (!todo.empty()) {
    std::string v = todo.back();
    todo.pop_back();
    if (v == y) continue;
    for (int u : gi.used_by(v))
      if (down.insert(u).second)
        for (const std::string& o : gi.node(u).outputs) todo.push_back(o);
  }
  todo = {y};
  while (!todo.empty()) {
    const int p = gi.prod(todo.back());
    todo.pop_back();
    if (p < 0 || !up.insert(p).second) continue;
    for (const std::string& v : gi.act_inputs(p))
      if (v != x) todo.push_back(v);
  }
  std::set_intersection(down.begin(), down.end(), up.begin(), up.end(), std::inserter(out, out.end()));
  return out;
}

// The region reads only x and is read from outside only through y.
bool closed(const GraphIndex& gi, const std::set<int>& r, const std::string& x, const std::string& y) {
  for (int i : r) {
    for (const std::string& v : gi.act_inputs(i))
      if (v != x && !r.count(gi.prod(v))) return false;
    for (const std::string& o : gi.node(i).outputs)
      if (o != y && !o.empty())
        for (int u : gi.used_by(o))
          if (!r.count(u)) return false;
  }
  return !r.empty();
}

std::optional<Fused> make(const GraphIndex& gi, const std::string& x, const std::string& y, TraceOp op) {
  std::set<int> r = region(gi, x, y);
  if (!closed(gi, r, x, y) || gi.f.output == x) return std::nullopt;
  op.in = {x}, op.out = y, op.node = gi.node(gi.prod(y)).name;
  return Fused{{r.begin(), r.end()}, std::move(op)};
}

std::optional<Fused> attention(const GraphIndex& gi, int s) {
  std::string v = gi.act_inputs(s).at(0);  // back from the softmax through a scale or mask to QK^T
  int m1 = gi.prod(v);
  while (m1 >= 0 && one_act(gi, m1) && (is_view(gi.node(m1).op_type) || gi.node(m1).op_type == "Mul" ||
                                        gi.node(m1).op_type == "Div" || gi.node(m1).op_type == "Add"))
    m1 = gi.prod(gi.act_inputs(m1)[0]);
  v = gi.node(s).outputs[0];  // forward to AV
  int m2 = gi.only_user(v);
  while (m2 >= 0 && is_view(gi.node(m2).op_type)) m2 = gi.only_user(v = gi.node(m2).outputs[0]);
  if (!act_matmul(gi, m1) || !act_matmul(gi, m2) || gi.node(m2).inputs[0] != v) return std::nullopt;
  const Walk q = walk_back(gi, gi.node(m1).inputs[0]), k = walk_back(gi, gi.node(m1).inputs[1]),
             val = walk_back(gi, gi.node(m2).inputs[1]);
  if (!q.projected || !k.projected || !val.projected || q.value != k.value || k.value != val.value) return std::nullopt;
  const std::vector<int64_t>& xs = gi.f.at(q.value).shape;
  if (xs.size() != 3) return std::nullopt;  // (batch, tokens, channels)
  v = gi.node(m2).outputs[0];  // forward through views to the output projection, then views back to x's shape
  int p = gi.only_user(v);
  while (p >= 0 && is_view(gi.node(p).op_type)) p = gi.only_user(v = gi.node(p).outputs[0]);
  if (p < 0 || !is_projection(gi, p)) return std::nullopt;
  v = gi.node(p).outputs[0];
  const int bias = gi.only_user(v);
  if (bias >= 0 && gi.node(bias).op_type == "Add" && one_act(gi, bias)) v = gi.node(bias).outputs[0];
  auto like_x = [&](const std::string& s) {  // x's shape but for the features
    const std::vector<int64_t>& ys = gi.f.at(s).shape;
    return ys.size() == xs.size() && std::equal(xs.begin(), xs.end() - 1, ys.begin());
  };
  std::string y = like_x(v) ? v : "";
  for (int u; (u = gi.only_user(v)) >= 0 && is_view(gi.node(u).op_type);)
    if (like_x(v = gi.node(u).outputs[0])) y = v;
  if (y.empty()) return std::nullopt;
  const std::vector<int64_t>& sc = gi.f.at(gi.node(m1).outputs[0]).shape;
  const int64_t tq = sc[sc.size() - 2], tk = sc.back(), b = xs[0], c = xs[2];
  const int64_t heads = gi.f.at(gi.node(m1).outputs[0]).numel() / (b * tq * tk);
  const int64_t head_dim = gi.f.at(gi.node(m1).inputs[0]).shape.back(), out_dim = gi.f.at(y).shape.back();
  if (tq != xs[1] || tk != xs[1] || heads * b * tq * tk != gi.f.at(gi.node(m1).outputs[0]).numel()) return std::nullopt;
  TraceOp op{TraceOp::Kind::kLayer, "self_attention", {{"heads", std::to_string(heads)}}, {}, "", ""};
  if (heads * head_dim != c) op.attrs.push_back({"qkv_dim", std::to_string(heads * head_dim)});
  if (out_dim != c) op.attrs.push_back({"out_dim", std::to_string(out_dim)});
  if (!q.biased) op.attrs.push_back({"bias", "false"});
  return make(gi, q.value, y, op);
}

std::optional<Fused> gelu(const GraphIndex& gi, int e) {
  const int d = gi.prod(gi.act_inputs(e).at(0));
  if (d < 0 || !one_act(gi, d)) return std::nullopt;
  const std::string& op = gi.node(d).op_type;
  if (!(op == "Div" && near(scalar_input(gi, d), std::sqrt(2.0))) && !(op == "Mul" && near(scalar_input(gi, d), std::sqrt(0.5))))
    return std::nullopt;
  const std::string x = gi.act_inputs(d)[0];
  const int a = gi.only_user(gi.node(e).outputs[0]);
  if (a < 0 || gi.node(a).op_type != "Add" || !near(scalar_input(gi, a), 1.0)) return std::nullopt;
  const int m1 = gi.only_user(gi.node(a).outputs[0]);
  if (m1 < 0 || gi.node(m1).op_type != "Mul" || gi.act_inputs(m1).size() != 2) return std::nullopt;
  const std::vector<std::string> ins = gi.act_inputs(m1);
  const std::string other = ins[0] == gi.node(a).outputs[0] ? ins[1] : ins[0];
  std::string y = gi.node(m1).outputs[0];
  if (other == x) {  // x * (1 + erf) * 0.5
    const int m2 = gi.only_user(y);
    if (m2 < 0 || gi.node(m2).op_type != "Mul" || !near(scalar_input(gi, m2), 0.5)) return std::nullopt;
    y = gi.node(m2).outputs[0];
  } else {  // (x * 0.5) * (1 + erf)
    const int h = gi.prod(other);
    if (h < 0 || gi.node(h).op_type != "Mul" || !near(scalar_input(gi, h), 0.5) || gi.act_inputs(h)[0] != x) return std::nullopt;
  }
  return make(gi, x, y, TraceOp{TraceOp::Kind::kLayer, "gelu", {}, {}, "", ""});
}

std::optional<Fused> layernorm(const GraphIndex& gi, int r1) {
  const std::string x = gi.act_inputs(r1).at(0);
  auto next = [&](const std::string& v, const char* op) {
    const int u = gi.only_user(v);
    return u >= 0 && gi.node(u).op_type == op ? u : -1;
  };
  const int sub = next(gi.node(r1).outputs[0], "Sub");
  if (sub < 0 || gi.node(sub).inputs[0] != x) return std::nullopt;
  const std::string centred = gi.node(sub).outputs[0];
  int pw = -1, dv = -1;
  for (int u : gi.used_by(centred)) (gi.node(u).op_type == "Pow" ? pw : dv) = u;
  if (gi.used_by(centred).size() != 2 || pw < 0 || dv < 0 || gi.node(dv).op_type != "Div" || !near(scalar_input(gi, pw), 2.0))
    return std::nullopt;
  const int r2 = next(gi.node(pw).outputs[0], "ReduceMean");
  const int eps = r2 < 0 ? -1 : next(gi.node(r2).outputs[0], "Add");
  const int sq = eps < 0 ? -1 : next(gi.node(eps).outputs[0], "Sqrt");
  if (sq < 0 || next(gi.node(sq).outputs[0], "Div") != dv) return std::nullopt;
  std::string y = gi.node(dv).outputs[0];
  for (const char* affine : {"Mul", "Add"}) {
    const int u = next(y, affine);
    if (u >= 0 && one_act(gi, u)) y = gi.node(u).outputs[0];
  }
  return make(gi, x, y, TraceOp{TraceOp::Kind::kLayer, "layernorm", {}, {}, "", ""});
}

std::optional<Fused> silu(const GraphIndex& gi, int s) {
  const std::string x = gi.act_inputs(s).at(0);
  const int m = gi.only_user(gi.node(s).outputs[0]);
  if (m < 0 || gi.node(m).op_type != "Mul") return std::nullopt;
  const std::vector<std::string> ins = gi.act_inputs(m);
  if (ins.size() != 2 || (ins[0] != x && ins[1] != x)) return std::nullopt;
  return make(gi, x, gi.node(m).outputs[0], TraceOp{TraceOp::Kind::kLayer, "silu", {}, {}, "", ""});
}

}  // namespace

std::vector<Fused> find_patterns(const GraphIndex& gi) {
  using Matcher = std::optional<Fused> (*)(const GraphIndex&, int);
  const std::vector<std::pair<std::string, Matcher>> matchers{
      {"Softmax", attention}, {"Erf", gelu}, {"ReduceMean", layernorm}, {"Sigmoid", silu}};
  std::vector<Fused> found;
  std::vector<bool> taken(gi.needed.size(), false);
  for (const auto& [anchor, match] : matchers)
    for (int i : gi.f.live) {
      if (!gi.needed[i] || taken[i] || gi.node(i).op_type != anchor || gi.act_inputs(i).size() != 1) continue;
      std::optional<Fused> m = match(gi, i);
      if (!m || std::any_of(m->nodes.begin(), m->nodes.end(), [&](int n) { return taken[n]; })) continue;
      for (int n : m->nodes) taken[n] = true;
      found.push_back(std::move(*m));
    }
  return found;
}

}  // namespace shiftadd::import
