// lift(): one trace op per live node or pattern, with each value's layout tracked through views.
#include "import/onnx_lift.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unordered_map>

#include "core/error.h"

namespace shiftadd::import {

const char* to_string(Layout l) {
  switch (l) {
    case Layout::kNCHW: return "NCHW";
    case Layout::kNC: return "NC";
    case Layout::kNCT: return "NCT";
    case Layout::kNTC: return "NTC";
  }
  return "?";
}

namespace {

std::string pair_text(int64_t a, int64_t b) { return a == b ? std::to_string(a) : fmt::format("[{}, {}]", a, b); }

class Lifter {
 public:
  explicit Lifter(const GraphIndex& gi) : gi_(gi), f_(gi.f), consumed_(gi.needed.size(), false) {}
  OpGraph run();

 private:
  const GraphIndex& gi_;
  const FoldedGraph& f_;
  OpGraph g_;
  std::unordered_map<std::string, std::string> canon_;
  std::unordered_map<std::string, Layout> layout_;
  std::vector<bool> consumed_;
  int at_ = -1;  // the node being lifted

  const OnnxNode& n() const { return gi_.node(at_); }
  [[noreturn]] void fail(const std::string& what) const { import::fail(*f_.graph, n(), what); }
  std::string c(const std::string& v) const {
    auto it = canon_.find(v);
    return it == canon_.end() ? v : it->second;
  }
  Layout lay(const std::string& v) const { return layout_.at(v); }
  const Value& val(const std::string& v) const { return f_.at(v); }
  void need(Layout have, std::initializer_list<Layout> ok) const;
  void emit(const std::string& type, std::vector<std::pair<std::string, std::string>> attrs, const std::string& in,
            const std::string& out, Layout l);
  void alias(const std::string& out, const std::string& in, Layout l) { canon_[out] = c(in), layout_[out] = l; }
  void lift_node();
  void conv(const std::string& x);
  void linear(const std::string& x, int64_t out, bool bias);
  void pool(const std::string& x, const char* type);
  void add(const std::vector<std::string>& acts);
  void concat(const std::vector<std::string>& acts);
  void view(const std::string& x);
  void take(const std::string& x);
};

void Lifter::need(Layout have, std::initializer_list<Layout> ok) const {
  for (Layout l : ok)
    if (l == have) return;
  std::vector<std::string> names;
  for (Layout l : ok) names.push_back(to_string(l));
  fail(fmt::format("its input is laid out {}; the trace layer needs {}", to_string(have), fmt::join(names, " or ")));
}

void Lifter::emit(const std::string& type, std::vector<std::pair<std::string, std::string>> attrs, const std::string& in,
                  const std::string& out, Layout l) {
  g_.ops.push_back(TraceOp{TraceOp::Kind::kLayer, type, std::move(attrs), {c(in)}, out, n().name});
  layout_[out] = l;
}

OpGraph Lifter::run() {
  g_.file = f_.graph->file;
  g_.input = f_.input;
  g_.input_shape = val(f_.input).shape;
  const size_t rank = g_.input_shape.size();
  if (rank < 2 || rank > 4) throw DataError(g_.file, fmt::format("input of rank {}; the importer reads ranks 2 to 4", rank));
  layout_[f_.input] = rank == 4 ? Layout::kNCHW : rank == 3 ? Layout::kNTC : Layout::kNC;
  std::unordered_map<int, Fused> anchored;
  for (Fused& m : find_patterns(gi_)) {
    for (int i : m.nodes) consumed_[i] = true;
    anchored.emplace(m.nodes.front(), std::move(m));
  }
  for (int i : f_.live) {
    if (!gi_.needed[i]) continue;
    at_ = i;
    if (auto it = anchored.find(i); it != anchored.end()) {
      TraceOp& op = it->second.op;
      const Layout l = lay(op.in[0]);
      if (op.type == "self_attention" || op.type == "layernorm") need(l, {Layout::kNTC, Layout::kNC});
      op.in[0] = c(op.in[0]);
      layout_[op.out] = l;
      g_.ops.push_back(op);
    } else if (!consumed_[i]) {
      lift_node();
    }
  }
  g_.output = c(f_.output);
  return g_;
}

void Lifter::lift_node() {
  const std::vector<std::string> acts = gi_.act_inputs(at_);
  const std::string& op = n().op_type;
  const std::string& x = acts.at(0);
  const std::string& out = n().outputs[0];
  if (op == "Conv") return conv(x);
  if (op == "MatMul" || op == "Gemm") {
    if (acts.size() != 1 || n().inputs[0] != x)
      fail("a MatMul of two activations outside a recognised attention pattern (Q/K/V projections, MatMul, "
           "Softmax, MatMul, output projection)");
    const Value& w = val(n().inputs[1]);
    const bool tb = op == "Gemm" && n().attr("transB") && n().attr("transB")->i != 0;
    if (w.shape.size() != 2) fail("its weight is not a matrix");
    if (op == "Gemm" && n().attr("transA") && n().attr("transA")->i != 0) fail("transA is not supported");
    return linear(x, tb ? w.shape[0] : w.shape[1], op == "Gemm" && n().inputs.size() > 2 && !n().inputs[2].empty());
  }
  if (op == "BatchNormalization") return need(lay(x), {Layout::kNCHW, Layout::kNC}), emit("batchnorm", {}, x, out, lay(x));
  if (op == "LayerNormalization") {
    const int64_t axis = n().attr("axis") ? n().attr("axis")->i : -1;
    if (axis != -1 && axis != int64_t(val(x).shape.size()) - 1) fail("normalises other than the last axis");
    return need(lay(x), {Layout::kNTC, Layout::kNC}), emit("layernorm", {}, x, out, lay(x));
  }
  static const std::unordered_map<std::string, std::string> acts_map{
      {"Relu", "relu"}, {"Sigmoid", "sigmoid"}, {"Gelu", "gelu"}, {"Softmax", "softmax"}};
  if (auto it = acts_map.find(op); it != acts_map.end()) return emit(it->second, {}, x, out, lay(x));
  if (op == "MaxPool" || op == "GlobalMaxPool") return pool(x, "maxpool");
  if (op == "AveragePool" || op == "GlobalAveragePool") return pool(x, "avgpool");
  if (op == "Add") return add(acts);
  if (op == "Concat") return concat(acts);
  if (op == "Reshape" || op == "Flatten" || op == "Transpose" || op == "Squeeze" || op == "Unsqueeze" ||
      op == "Identity" || op == "Dropout" || op == "Cast" || op == "Pad")
    return view(x);
  if (op == "Gather" || op == "Slice") return take(x);
  static const std::vector<std::string> parts{"Erf", "ReduceMean", "Sub", "Pow", "Sqrt", "Div", "Mul"};
  if (std::find(parts.begin(), parts.end(), op) != parts.end())
    fail("is not part of a recognised pattern (attention, erf-form GELU, decomposed LayerNorm, SiLU) and has no "
         "trace layer of its own");
  fail("has no trace layer (supported: Conv, Gemm/MatMul, attention, BatchNormalization, LayerNormalization, Relu, "
       "Gelu, Sigmoid, SiLU, Softmax, MaxPool, AveragePool, GlobalAveragePool, Add, Concat, Flatten, Reshape, "
       "Transpose, Gather/Slice of tokens)");
}

void Lifter::conv(const std::string& x) {
  need(lay(x), {Layout::kNCHW});
  const Value& w = val(n().inputs[1]);
  if (w.shape.size() != 4) fail("only 2-d convolutions are supported");
  const std::vector<int64_t> pads = n().attr("pads") ? n().attr("pads")->ints : std::vector<int64_t>(4, 0);
  const std::vector<int64_t> strides = n().attr("strides") ? n().attr("strides")->ints : std::vector<int64_t>{1, 1};
  if (n().attr("dilations"))
    for (int64_t d : n().attr("dilations")->ints)
      if (d != 1) fail("dilated convolutions are not supported");
  if (n().attr("auto_pad") && n().attr("auto_pad")->s != "NOTSET" && n().attr("auto_pad")->s != "VALID")
    fail("auto_pad SAME_* is not supported (give explicit pads)");
  if (pads.size() == 4 && (pads[0] != pads[2] || pads[1] != pads[3]))
    fail(fmt::format("asymmetric padding [{}]: the trace pads both sides of a dim equally", fmt::join(pads, ", ")));
  const int64_t groups = n().attr("group") ? n().attr("group")->i : 1, cin = val(x).shape[1], m = w.shape[0];
  std::vector<std::pair<std::string, std::string>> a;
  const bool depthwise = groups > 1 && groups == cin && m == cin;
  if (!depthwise) a.push_back({"out", std::to_string(m)});
  a.push_back({"kernel", pair_text(w.shape[2], w.shape[3])});
  if (strides.size() == 2 && (strides[0] != 1 || strides[1] != 1)) a.push_back({"stride", pair_text(strides[0], strides[1])});
  if (pads.size() == 4 && (pads[0] || pads[1])) a.push_back({"pad", pair_text(pads[0], pads[1])});
  if (depthwise) a.push_back({"depthwise", "true"});
  else if (groups != 1) a.push_back({"groups", std::to_string(groups)});
  if (n().inputs.size() > 2 && !n().inputs[2].empty()) a.push_back({"bias", "true"});
  emit("conv2d", a, x, n().outputs[0], Layout::kNCHW);
}

// A MatMul with a constant weight, or a Gemm; a following Add of an N-vector is its bias.
void Lifter::linear(const std::string& x, int64_t out_features, bool bias) {
  need(lay(x), {Layout::kNTC, Layout::kNC});
  std::string out = n().outputs[0];
  const int u = gi_.only_user(out);
  if (!bias && u >= 0 && gi_.node(u).op_type == "Add" && gi_.act_inputs(u).size() == 1) {
    for (const std::string& s : gi_.node(u).inputs)
      if (!gi_.is_act(s) && val(s).numel() == out_features && !val(s).shape.empty() && val(s).shape.back() == out_features)
        bias = true;
    if (bias) {
      consumed_[u] = true;
      alias(gi_.node(u).outputs[0], out, lay(x));
    }
  }
  std::vector<std::pair<std::string, std::string>> a{{"out", std::to_string(out_features)}};
  if (!bias) a.push_back({"bias", "false"});
  emit("linear", a, x, out, lay(x));
}

void Lifter::pool(const std::string& x, const char* type) {
  need(lay(x), {Layout::kNCHW});
  if (n().op_type.rfind("Global", 0) == 0) return emit(type, {{"global", "true"}}, x, n().outputs[0], Layout::kNCHW);
  const std::vector<int64_t> k = n().attr("kernel_shape") ? n().attr("kernel_shape")->ints : std::vector<int64_t>{};
  const std::vector<int64_t> s = n().attr("strides") ? n().attr("strides")->ints : std::vector<int64_t>{1, 1};
  const std::vector<int64_t> p = n().attr("pads") ? n().attr("pads")->ints : std::vector<int64_t>(4, 0);
  if (k.size() != 2 || s.size() != 2 || p.size() != 4) fail("only 2-d pools are supported");
  if (p[0] != p[2] || p[1] != p[3]) fail(fmt::format("asymmetric padding [{}]", fmt::join(p, ", ")));
  if (n().attr("dilations"))
    for (int64_t d : n().attr("dilations")->ints)
      if (d != 1) fail("dilated pools are not supported");
  std::vector<std::pair<std::string, std::string>> a{{"kernel", pair_text(k[0], k[1])}};
  if (s[0] != k[0] || s[1] != k[1]) a.push_back({"stride", pair_text(s[0], s[1])});
  if (p[0] || p[1]) a.push_back({"pad", pair_text(p[0], p[1])});
  if (n().attr("ceil_mode") && n().attr("ceil_mode")->i) a.push_back({"ceil_mode", "true"});
  emit(type, a, x, n().outputs[0], Layout::kNCHW);
}

void Lifter::add(const std::vector<std::string>& acts) {
  const std::string& x = acts[0];
  if (acts.size() == 2) {
    if (c(acts[0]) == c(acts[1])) fail("adds an activation to itself");
    if (lay(acts[0]) != lay(acts[1])) fail("adds activations of different layouts");
    g_.ops.push_back(TraceOp{TraceOp::Kind::kJoinAdd, "", {}, {c(acts[0]), c(acts[1])}, n().outputs[0], n().name});
    layout_[n().outputs[0]] = lay(x);
    return;
  }
  const std::string& k = n().inputs[0] == x ? n().inputs[1] : n().inputs[0];
  const Value &xv = val(x), &kv = val(k);
  if (lay(x) != Layout::kNTC || kv.shape.empty() || kv.numel() != xv.numel() / xv.shape[0] || kv.shape.back() != xv.shape.back())
    fail(fmt::format("adds a constant [{}] to an activation [{}]; supported: a MatMul's bias, or a learned positional "
                     "embedding of one sample's shape", fmt::join(kv.shape, ","), fmt::join(xv.shape, ",")));
  emit("pos_embed", {{"learned", "true"}}, x, n().outputs[0], Layout::kNTC);
}

void Lifter::concat(const std::vector<std::string>& acts) {
  const std::string& x = acts[0];
  const int64_t axis = n().attr("axis") ? n().attr("axis")->i : 0, rank = int64_t(val(x).shape.size());
  const int64_t ax = axis < 0 ? axis + rank : axis;
  if (acts.size() == n().inputs.size()) {  // a join of branches, along the channels
    const int64_t channel_axis = lay(x) == Layout::kNTC ? 2 : 1;
    if (ax != channel_axis || lay(x) == Layout::kNCT) fail(fmt::format("concatenates along axis {}, not the channels", axis));
    for (const std::string& a : acts)
      if (lay(a) != lay(x)) fail("concatenates activations of different layouts");
    std::vector<std::string> in;
    for (const std::string& a : acts) in.push_back(c(a));
    g_.ops.push_back(TraceOp{TraceOp::Kind::kJoinConcat, "", {}, in, n().outputs[0], n().name});
    layout_[n().outputs[0]] = lay(x);
    return;
  }
  // Learned tokens (a class token) put before the patch tokens: the to_tokens just emitted gets them.
  TraceOp* tt = g_.ops.empty() ? nullptr : &g_.ops.back();
  if (acts.size() != 1 || lay(x) != Layout::kNTC || ax != 1 || n().inputs.back() != x || !tt || tt->type != "to_tokens" ||
      tt->out != c(x))
    fail("concatenates constants with an activation other than learned tokens before a conv's flattened patches");
  int64_t extra = 0;
  for (size_t i = 0; i + 1 < n().inputs.size(); ++i) {
    if (val(n().inputs[i]).shape.size() != 3) fail("concatenates tokens of another rank");
    extra += val(n().inputs[i]).shape[1];
  }
  for (auto& kv : tt->attrs)
    if (kv.first == "extra_tokens") extra += std::stoll(kv.second), kv.second = "";
  tt->attrs = {{"extra_tokens", std::to_string(extra)}};
  alias(n().outputs[0], x, Layout::kNTC);
}
// Views: the same data under new dims. Only flattening a conv's map into tokens does work (to_tokens).
void Lifter::view(const std::string& x) {
  const std::vector<int64_t>& xs = val(x).shape;
  const std::string& out = n().outputs[0];
  const std::vector<int64_t>& ys = val(out).shape;
  const Layout l = lay(x);
  if (ys == xs) return alias(out, x, l);
  if (n().op_type == "Pad")
    fail(fmt::format("pads [{}] to [{}] as a separate node; only a Pad of zeros is supported (the trace pads inside "
                     "its conv and pool layers)", fmt::join(xs, ","), fmt::join(ys, ",")));
  const bool transposed = n().op_type == "Transpose" && n().attr("perm") && n().attr("perm")->ints == std::vector<int64_t>{0, 2, 1};
  if (l == Layout::kNCHW && xs.size() == 4) {
    const int64_t hw = xs[2] * xs[3];
    if (hw == 1 && ys == std::vector<int64_t>{xs[0], xs[1]}) return alias(out, x, Layout::kNC);
    if (ys == std::vector<int64_t>{xs[0], xs[1], hw}) return emit("to_tokens", {}, x, out, Layout::kNCT);
    if (ys == std::vector<int64_t>{xs[0], xs[1] * hw})
      fail(fmt::format("flattens a {}x{}x{} map into features: the trace has no flatten layer (pool it first)", xs[1],
                       xs[2], xs[3]));
  }
  if (l == Layout::kNC && ys == std::vector<int64_t>{xs[0], xs[1], 1, 1}) return alias(out, x, Layout::kNCHW);
  if (l == Layout::kNCT && transposed) return alias(out, x, Layout::kNTC);
  if (l == Layout::kNTC && transposed) return alias(out, x, Layout::kNCT);
  if (l == Layout::kNTC && xs[1] == 1 && ys == std::vector<int64_t>{xs[0], xs[2]}) return alias(out, x, Layout::kNC);
  fail(fmt::format("turns [{}] (layout {}) into [{}], which has no trace equivalent", fmt::join(xs, ","), to_string(l),
                   fmt::join(ys, ",")));
}

// Gather or Slice of the first tokens of a sequence: the classifier reading its class token.
void Lifter::take(const std::string& x) {
  const std::vector<int64_t>& xs = val(x).shape;
  const std::string& out = n().outputs[0];
  const std::vector<int64_t>& ys = val(out).shape;
  bool first = lay(x) == Layout::kNTC;
  for (size_t i = 1; first && i < n().inputs.size(); ++i) {  // Gather indices, or Slice starts (axes, steps)
    const std::string& s = n().inputs[i];
    if (s.empty()) continue;
    const Value& v = val(s);
    if (!v.has_data || gi_.is_act(s)) first = false;
    else if (n().op_type == "Gather" || i == 1)
      for (size_t k = 0; k < v.data.size(); ++k) first = first && v.data[k] == double(n().op_type == "Gather" ? k : 0);
    else if (i == 3) first = first && v.data.size() == 1 && (v.data[0] == 1 || v.data[0] == -2);
    else if (i == 4) first = first && v.data.size() == 1 && v.data[0] == 1;
  }
  if (n().op_type == "Gather" && first) {
    const int64_t axis = n().attr("axis") ? n().attr("axis")->i : 0;
    first = axis == 1 || axis == -2;
  }
  if (!first || n().inputs.size() < 2)
    fail("selects other than the first tokens of a (batch, tokens, channels) sequence");
  if (ys.size() == 2) return emit("take_tokens", {{"count", "1"}}, x, out, Layout::kNC);
  if (ys.size() != 3 || ys[0] != xs[0] || ys[2] != xs[2]) fail("selects other than whole tokens");
  emit("take_tokens", {{"count", std::to_string(ys[1])}}, x, out, Layout::kNTC);
}

}  // namespace

OpGraph lift(const GraphIndex& gi) { return Lifter(gi).run(); }

}  // namespace shiftadd::import
