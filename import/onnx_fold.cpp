// fold(): one pass over the nodes in graph order, each inferred by its operator's rule.
#include "import/onnx_fold.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.h"

namespace shiftadd::import {

int64_t Value::numel() const { return saturating_numel(shape); }

const Value& FoldedGraph::at(const std::string& name) const { return values.at(name); }

void fail(const OnnxGraph& g, const OnnxNode& n, const std::string& what) {
  throw DataError(g.file, fmt::format("node '{}' ({}): {}", n.name, n.op_type, what));
}

const Value& OpCtx::input(size_t i) const {
  if (!has_input(i)) fail(fmt::format("needs input {}", i));
  return *in[i];
}

const Value& OpCtx::known(size_t i) const {
  const Value& v = input(i);
  if (!v.has_data)
    fail(fmt::format("needs the value of input '{}', which is not a constant the importer can fold", n.inputs[i]));
  return v;
}

int64_t OpCtx::attr_int(const std::string& key, int64_t def) const {
  const OnnxAttr* a = n.attr(key);
  if (!a) return def;
  if (a->kind != OnnxAttr::Kind::kInt) fail(fmt::format("attribute '{}' is not an int", key));
  return a->i;
}

std::vector<int64_t> OpCtx::attr_ints(const std::string& key, std::vector<int64_t> def) const {
  const OnnxAttr* a = n.attr(key);
  if (!a) return def;
  if (a->kind != OnnxAttr::Kind::kInts) fail(fmt::format("attribute '{}' is not a list of ints", key));
  return a->ints;
}

double OpCtx::attr_float(const std::string& key, double def) const {
  const OnnxAttr* a = n.attr(key);
  if (!a) return def;
  if (a->kind != OnnxAttr::Kind::kFloat) fail(fmt::format("attribute '{}' is not a float", key));
  return a->f;
}

int64_t OpCtx::axis(int64_t a, size_t rank) const {
  const int64_t r = static_cast<int64_t>(rank);
  if (a < -r || a >= r) fail(fmt::format("axis {} is out of range for rank {}", a, r));
  return a < 0 ? a + r : a;
}

std::vector<int64_t> broadcast_shape(const OpCtx& c, const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  const size_t r = std::max(a.size(), b.size());
  std::vector<int64_t> out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t x = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t y = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (x != y && x != 1 && y != 1) c.fail(fmt::format("shapes [{}] and [{}] do not broadcast", fmt::join(a, ","), fmt::join(b, ",")));
    out[i] = x == 1 ? y : x;
  }
  return out;
}

namespace {

constexpr int64_t kMaxElems = int64_t{1} << 40;  // as the traces' own limit (workload/lowering.h)

const std::map<std::string, OpRule>& rules() {
  static const std::map<std::string, OpRule> r = [] {  // immutable after first use
    std::map<std::string, OpRule> m;
    add_shape_ops(m);
    add_math_ops(m);
    add_nn_ops(m);
    return m;
  }();
  return r;
}

std::vector<int64_t> input_shape_of(const OnnxGraph& g, const std::vector<int64_t>& given) {
  const OnnxValueInfo& in = g.inputs[0];
  if (given.empty()) {
    for (size_t i = 0; i < in.dims.size(); ++i)
      if (in.dims[i] < 0)
        throw DataError(g.file, fmt::format("input '{}' has the symbolic dimension '{}' (dim {}); give --input-shape",
                                            in.name, in.dim_params[i], i));
    if (in.dims.empty()) throw DataError(g.file, fmt::format("input '{}' has no shape; give --input-shape", in.name));
    for (size_t i = 0; i < in.dims.size(); ++i)
      if (in.dims[i] < 1) throw DataError(g.file, fmt::format("input '{}' has a dim {} of size 0", in.name, i));
    return in.dims;
  }
  if (!in.dims.empty() && in.dims.size() != given.size())
    throw DataError(g.file, fmt::format("--input-shape has {} dims, but input '{}' has rank {}", given.size(), in.name,
                                        in.dims.size()));
  for (size_t i = 0; i < in.dims.size(); ++i)
    if (in.dims[i] >= 0 && in.dims[i] != given[i])
      throw DataError(g.file, fmt::format("--input-shape gives dim {} as {}, but input '{}' fixes it to {}", i, given[i],
                                          in.name, in.dims[i]));
  return given;
}

}  // namespace

std::vector<std::string> folded_ops() {
  std::vector<std::string> v;
  for (const auto& kv : rules()) v.push_back(kv.first);
  return v;
}

FoldedGraph fold(const OnnxGraph& g, const std::vector<int64_t>& input_shape) {
  if (g.inputs.size() != 1 || g.outputs.size() != 1)
    throw DataError(g.file, fmt::format("the graph has {} inputs and {} outputs besides its weights; the importer "
                                        "reads one input and one output", g.inputs.size(), g.outputs.size()));
  FoldedGraph f;
  f.graph = &g;
  for (const OnnxTensor& t : g.initializers)
    f.values[t.name] = Value{t.dims, true, t.has_data, t.integer, t.data};
  f.input = g.inputs[0].name;
  f.output = g.outputs[0].name;
  f.values[f.input] = Value{input_shape_of(g, input_shape), false, false, false, {}};
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const OnnxNode& n = g.nodes[i];
    if (!n.domain.empty() && n.domain != "ai.onnx") fail(g, n, fmt::format("operators of domain '{}' are not supported", n.domain));
    auto rule = rules().find(n.op_type);
    if (rule == rules().end())
      fail(g, n, fmt::format("unsupported operator; the importer reads [{}]", fmt::join(folded_ops(), ", ")));
    // Every rule writes out[0]; ONNX gives each operator at least one output.
    if (n.outputs.empty()) fail(g, n, "the node has no outputs; every operator has at least one");
    OpCtx c{g, n, {}, std::vector<Value>(n.outputs.size())};
    bool all_const = true;
    for (const std::string& name : n.inputs) {
      if (name.empty()) {
        c.in.push_back(nullptr);
        continue;
      }
      auto it = f.values.find(name);
      if (it == f.values.end()) fail(g, n, fmt::format("input '{}' is produced by no earlier node", name));
      c.in.push_back(&it->second);
      all_const = all_const && it->second.is_const;
    }
    rule->second(c);
    for (size_t k = 0; k < c.out.size(); ++k) {
      const Value& v = c.out[k];
      if (v.numel() > kMaxElems) fail(g, n, fmt::format("output {} has more than 2^40 elements (or a negative dim)", k));
      if (!v.is_const && !all_const && v.numel() == 0 && !n.outputs[k].empty())
        fail(g, n, fmt::format("output {} is an empty tensor", k));
    }
    bool live = false;
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      if (!n.outputs[k].empty() && f.values.count(n.outputs[k]))
        fail(g, n, fmt::format("output '{}' is already a value of the graph (ONNX values are assigned once)", n.outputs[k]));
      c.out[k].is_const = c.out[k].is_const || all_const;
      live = live || !c.out[k].is_const;
      if (!n.outputs[k].empty()) f.values[n.outputs[k]] = std::move(c.out[k]);
    }
    if (live) f.live.push_back(static_cast<int>(i));
  }
  auto out = f.values.find(f.output);
  if (out == f.values.end()) throw DataError(g.file, fmt::format("output '{}' is produced by no node", f.output));
  if (out->second.is_const) throw DataError(g.file, fmt::format("output '{}' does not depend on the input", f.output));
  return f;
}

}  // namespace shiftadd::import
