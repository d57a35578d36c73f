// Rules of the element-wise and reduction operators: broadcast shapes, and values for constants.
#include <fmt/format.h>

#include <cmath>

#include "import/onnx_fold.h"

namespace shiftadd::import {
namespace {

using Fn1 = double (*)(double);
using Fn2 = double (*)(double, double);

// Offset into a tensor of shape `s`, broadcast to the output coordinates `idx`.
int64_t bcast_offset(const std::vector<int64_t>& s, const std::vector<int64_t>& idx) {
  int64_t off = 0, mul = 1;
  const size_t lead = idx.size() - s.size();
  for (size_t d = s.size(); d-- > 0;) {
    off += (s[d] == 1 ? 0 : idx[d + lead]) * mul;
    mul *= s[d];
  }
  return off;
}

// Output values of an n-ary element-wise op over broadcast inputs.
template <class F>
void eval(OpCtx& c, F&& f) {
  Value& o = c.out[0];
  if (o.numel() > kMaxDataElems) return;  // values of small tensors only
  for (const Value* v : c.in)
    if (!v || !v->has_data) return;
  std::vector<int64_t> idx(o.shape.size());
  o.data.resize(o.numel());
  std::vector<double> args(c.in.size());
  for (int64_t i = 0; i < o.numel(); ++i) {
    for (size_t d = o.shape.size(), rem = size_t(i); d-- > 0;) idx[d] = int64_t(rem % o.shape[d]), rem /= o.shape[d];
    for (size_t k = 0; k < c.in.size(); ++k) args[k] = c.in[k]->data[bcast_offset(c.in[k]->shape, idx)];
    o.data[i] = f(args);
  }
  o.has_data = true;
}

OpRule binary(Fn2 f, bool int_div = false, bool boolean = false) {
  return [=](OpCtx& c) {
    const Value &a = c.input(0), &b = c.input(1);
    c.out[0].shape = broadcast_shape(c, a.shape, b.shape);
    c.out[0].integer = boolean || (a.integer && b.integer);
    const bool trunc = int_div && c.out[0].integer;
    eval(c, [&](const std::vector<double>& x) { return trunc ? std::trunc(f(x[0], x[1])) : f(x[0], x[1]); });
  };
}

OpRule unary(Fn1 f) {
  return [=](OpCtx& c) {
    const Value& a = c.input(0);
    c.out[0].shape = a.shape;
    c.out[0].integer = a.integer;
    eval(c, [&](const std::vector<double>& x) { return f(x[0]); });
  };
}

// Shape only: the op keeps its input's shape (activations, normalisations).
void keeps_shape(OpCtx& c) {
  c.out[0].shape = c.input(0).shape;
  for (size_t i = 1; i < c.out.size(); ++i) c.out[i].shape = c.out[0].shape;
}

void where(OpCtx& c) {
  c.out[0].shape = broadcast_shape(c, broadcast_shape(c, c.input(0).shape, c.input(1).shape), c.input(2).shape);
  c.out[0].integer = c.input(1).integer;
  eval(c, [](const std::vector<double>& x) { return x[0] != 0 ? x[1] : x[2]; });
}

void reduce(OpCtx& c) {
  const Value& x = c.input(0);
  std::vector<int64_t> axes = c.attr_ints("axes");
  if (c.has_input(1)) axes.assign(c.known(1).data.begin(), c.known(1).data.end());
  const bool keep = c.attr_int("keepdims", 1) != 0;
  std::vector<bool> reduced(x.shape.size(), axes.empty());
  for (int64_t a : axes) reduced[c.axis(a, x.shape.size())] = true;
  for (size_t d = 0; d < x.shape.size(); ++d)
    if (!reduced[d]) c.out[0].shape.push_back(x.shape[d]);
    else if (keep) c.out[0].shape.push_back(1);
  if (x.has_data) c.fail("reductions of constants are not folded");
}

}  // namespace

void add_math_ops(std::map<std::string, OpRule>& r) {
  r["Add"] = binary([](double a, double b) { return a + b; });
  r["Sub"] = binary([](double a, double b) { return a - b; });
  r["Mul"] = binary([](double a, double b) { return a * b; });
  r["Div"] = binary([](double a, double b) { return b == 0 ? 0.0 : a / b; }, true);
  r["Pow"] = binary([](double a, double b) { return std::pow(a, b); });
  r["Min"] = binary([](double a, double b) { return std::min(a, b); });
  r["Max"] = binary([](double a, double b) { return std::max(a, b); });
  r["Mod"] = binary([](double a, double b) { return b == 0 ? 0.0 : std::fmod(a, b); });
  r["Equal"] = binary([](double a, double b) { return double(a == b); }, false, true);
  r["Less"] = binary([](double a, double b) { return double(a < b); }, false, true);
  r["Greater"] = binary([](double a, double b) { return double(a > b); }, false, true);
  r["And"] = binary([](double a, double b) { return double(a != 0 && b != 0); }, false, true);
  r["Or"] = binary([](double a, double b) { return double(a != 0 || b != 0); }, false, true);
  r["Where"] = where;
  r["Not"] = unary([](double a) { return double(a == 0); });
  r["Neg"] = unary([](double a) { return -a; });
  r["Abs"] = unary([](double a) { return std::fabs(a); });
  r["Floor"] = unary([](double a) { return std::floor(a); });
  r["Ceil"] = unary([](double a) { return std::ceil(a); });
  r["Sqrt"] = unary([](double a) { return std::sqrt(a); });
  r["Exp"] = unary([](double a) { return std::exp(a); });
  r["Log"] = unary([](double a) { return std::log(a); });
  r["Reciprocal"] = unary([](double a) { return a == 0 ? 0.0 : 1.0 / a; });
  r["Erf"] = unary([](double a) { return std::erf(a); });
  r["Tanh"] = unary([](double a) { return std::tanh(a); });
  r["Relu"] = unary([](double a) { return std::max(a, 0.0); });
  r["Sigmoid"] = unary([](double a) { return 1.0 / (1.0 + std::exp(-a)); });
  for (const char* op : {"Gelu", "Softmax", "LogSoftmax", "Clip", "HardSigmoid", "HardSwish", "LeakyRelu",
                         "LayerNormalization", "BatchNormalization"})
    r[op] = keeps_shape;
  for (const char* op : {"ReduceMean", "ReduceSum", "ReduceMax"}) r[op] = reduce;
}

}  // namespace shiftadd::import
