// Rules of the data-movement and shape-arithmetic operators: their shapes always, their values when
// the inputs' values are known (so that torch's Shape -> Gather -> Concat -> Reshape chains fold).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <numeric>

#include "import/onnx_fold.h"

namespace shiftadd::import {
namespace {

std::vector<int64_t> as_ints(const Value& v) { return {v.data.begin(), v.data.end()}; }

Value same_as(const Value& v) { return v; }

// Row-major strides.
std::vector<int64_t> strides(const std::vector<int64_t>& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t i = s.size(); i-- > 1;) st[i - 1] = st[i] * s[i];
  return st;
}

// Fills out.data (for out.shape) from `in` by an index map from output coordinates to an input offset.
template <class Map>
void gather_data(const Value& in, Value& out, Map&& map) {
  if (!in.has_data || out.numel() > kMaxDataElems) return;  // values of small tensors only
  const std::vector<int64_t> st = strides(out.shape);
  out.data.resize(out.numel());
  std::vector<int64_t> idx(out.shape.size());
  for (int64_t o = 0; o < out.numel(); ++o) {
    for (size_t d = 0; d < idx.size(); ++d) idx[d] = (o / st[d]) % out.shape[d];
    out.data[o] = in.data[map(idx)];
  }
  out.has_data = true;
  out.integer = in.integer;
}

void constant(OpCtx& c) {
  Value& o = c.out[0];
  o.is_const = true;
  if (const OnnxAttr* a = c.n.attr("value")) {
    o = Value{a->t.dims, true, a->t.has_data, a->t.integer, a->t.data};
  } else if (const OnnxAttr* a = c.n.attr("value_float")) {
    o = Value{{}, true, true, false, {a->f}};
  } else if (const OnnxAttr* a = c.n.attr("value_int")) {
    o = Value{{}, true, true, true, {double(a->i)}};
  } else if (const OnnxAttr* a = c.n.attr("value_ints")) {
    o = Value{{int64_t(a->ints.size())}, true, true, true, {a->ints.begin(), a->ints.end()}};
  } else if (const OnnxAttr* a = c.n.attr("value_floats")) {
    o = Value{{int64_t(a->floats.size())}, true, true, false, a->floats};
  } else {
    c.fail("has none of the attributes value, value_float(s), value_int(s)");
  }
}

void shape(OpCtx& c) {
  const std::vector<int64_t>& s = c.input(0).shape;
  const int64_t r = static_cast<int64_t>(s.size());
  int64_t b = c.attr_int("start", 0), e = c.attr_int("end", r);
  b = std::clamp(b < 0 ? b + r : b, int64_t{0}, r), e = std::clamp(e < 0 ? e + r : e, int64_t{0}, r);
  Value& o = c.out[0];
  o.is_const = o.has_data = o.integer = true;  // the input's shape is static, even for an activation
  for (int64_t i = b; i < e; ++i) o.data.push_back(double(s[i]));
  o.shape = {int64_t(o.data.size())};
}

void gather(OpCtx& c) {
  const Value& d = c.input(0);
  const Value& ix = c.input(1);
  const int64_t ax = c.axis(c.attr_int("axis", 0), d.shape.size());
  Value& o = c.out[0];
  o.shape.assign(d.shape.begin(), d.shape.begin() + ax);
  o.shape.insert(o.shape.end(), ix.shape.begin(), ix.shape.end());
  o.shape.insert(o.shape.end(), d.shape.begin() + ax + 1, d.shape.end());
  if (!d.has_data || !ix.has_data) return;
  const std::vector<int64_t> st = strides(d.shape);
  const size_t ir = ix.shape.size();
  const std::vector<int64_t> ist = strides(ix.shape);
  gather_data(d, o, [&](const std::vector<int64_t>& idx) {
    int64_t j = 0;
    for (size_t k = 0; k < ir; ++k) j += idx[ax + k] * ist[k];
    int64_t at = int64_t(ix.data[j]);
    if (at < 0) at += d.shape[ax];
    if (at < 0 || at >= d.shape[ax]) c.fail(fmt::format("index {} is out of range for a dim of {}", at, d.shape[ax]));
    int64_t off = at * st[ax];
    for (int64_t k = 0; k < ax; ++k) off += idx[k] * st[k];
    for (size_t k = ax + 1; k < d.shape.size(); ++k) off += idx[k + ir - 1] * st[k];
    return off;
  });
}

std::vector<int64_t> axes_of(OpCtx& c, size_t input) {
  return c.has_input(input) ? as_ints(c.known(input)) : c.attr_ints("axes");
}

void unsqueeze(OpCtx& c) {
  const Value& x = c.input(0);
  std::vector<int64_t> axes = axes_of(c, 1);
  Value o = same_as(x);
  const size_t r = x.shape.size() + axes.size();
  for (int64_t& a : axes) a = c.axis(a, r);
  std::sort(axes.begin(), axes.end());
  for (int64_t a : axes) o.shape.insert(o.shape.begin() + a, 1);
  o.is_const = false;
  c.out[0] = o;
}

void squeeze(OpCtx& c) {
  const Value& x = c.input(0);
  std::vector<int64_t> axes = axes_of(c, 1);
  Value o = same_as(x);
  o.is_const = false;
  o.shape.clear();
  for (size_t i = 0; i < x.shape.size(); ++i) {
    bool drop = axes.empty() ? x.shape[i] == 1 : false;
    for (int64_t a : axes) drop = drop || c.axis(a, x.shape.size()) == int64_t(i);
    if (drop && x.shape[i] != 1) c.fail(fmt::format("cannot squeeze dim {} of size {}", i, x.shape[i]));
    if (!drop) o.shape.push_back(x.shape[i]);
  }
  c.out[0] = o;
}

void concat(OpCtx& c) {
  const Value& first = c.input(0);
  const int64_t ax = c.axis(c.attr_int("axis", 0), first.shape.size());
  Value& o = c.out[0];
  o.shape = first.shape;
  o.shape[ax] = 0;
  bool data = true;
  for (size_t i = 0; i < c.in.size(); ++i) {
    const Value& v = c.input(i);
    if (v.shape.size() != first.shape.size()) c.fail("inputs of different ranks");
    for (size_t d = 0; d < v.shape.size(); ++d)
      if (int64_t(d) != ax && v.shape[d] != first.shape[d]) c.fail(fmt::format("inputs differ in dim {}", d));
    o.shape[ax] += v.shape[ax];
    data = data && v.has_data;
  }
  if (!data) return;
  const int64_t outer = std::accumulate(o.shape.begin(), o.shape.begin() + ax, int64_t{1}, std::multiplies<>());
  for (int64_t b = 0; b < outer; ++b)
    for (const Value* v : c.in) {
      const int64_t chunk = v->numel() / std::max<int64_t>(outer, 1);
      o.data.insert(o.data.end(), v->data.begin() + b * chunk, v->data.begin() + (b + 1) * chunk);
    }
  o.has_data = true;
  o.integer = first.integer;
}

void slice(OpCtx& c) {
  const Value& x = c.input(0);
  const size_t r = x.shape.size();
  std::vector<int64_t> starts, ends, axes, steps;
  if (c.has_input(1)) {
    starts = as_ints(c.known(1)), ends = as_ints(c.known(2));
    if (c.has_input(3)) axes = as_ints(c.known(3));
    if (c.has_input(4)) steps = as_ints(c.known(4));
  } else {
    starts = c.attr_ints("starts"), ends = c.attr_ints("ends"), axes = c.attr_ints("axes");
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(int64_t(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    c.fail("starts, ends, axes and steps differ in length");
  std::vector<int64_t> begin(r, 0), step(r, 1);
  Value o = same_as(x);
  o.is_const = false;
  o.data.clear(), o.has_data = false;
  for (size_t i = 0; i < starts.size(); ++i) {
    const int64_t a = c.axis(axes[i], r), dim = x.shape[a], s = steps[i];
    if (s == 0) c.fail("a step of 0");
    int64_t b = starts[i] < 0 ? starts[i] + dim : starts[i], e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (s > 0) b = std::clamp(b, int64_t{0}, dim), e = std::clamp(e, int64_t{0}, dim);
    else b = std::clamp(b, int64_t{0}, dim - 1), e = std::clamp(e, int64_t{-1}, dim - 1);
    o.shape[a] = s > 0 ? std::max<int64_t>(0, (e - b + s - 1) / s) : std::max<int64_t>(0, (b - e - s - 1) / -s);
    begin[a] = b, step[a] = s;
  }
  const std::vector<int64_t> st = strides(x.shape);
  gather_data(x, o, [&](const std::vector<int64_t>& idx) {
    int64_t off = 0;
    for (size_t d = 0; d < r; ++d) off += (begin[d] + idx[d] * step[d]) * st[d];
    return off;
  });
  c.out[0] = o;
}

void reshape(OpCtx& c) {
  const Value& x = c.input(0);
  std::vector<int64_t> s = c.has_input(1) ? as_ints(c.known(1)) : c.attr_ints("shape");
  const bool allowzero = c.attr_int("allowzero", 0) != 0;
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == 0 && !allowzero) {
      if (i >= x.shape.size()) c.fail("a 0 in the shape beyond the input's rank");
      s[i] = x.shape[i];
    }
    if (s[i] == -1) {
      if (infer >= 0) c.fail("more than one -1 in the shape");
      infer = int64_t(i);
    } else if (s[i] < 0) {
      c.fail(fmt::format("a negative size {} in the shape", s[i]));
    } else {
      known *= s[i];
    }
  }
  if (infer >= 0) s[infer] = known == 0 ? 0 : x.numel() / known;
  Value o = same_as(x);
  o.is_const = false;
  o.shape = s;
  if (o.numel() != x.numel())
    c.fail(fmt::format("cannot reshape [{}] into [{}]", fmt::join(x.shape, ","), fmt::join(s, ",")));
  c.out[0] = o;
}

void flatten(OpCtx& c) {
  const Value& x = c.input(0);
  const int64_t r = int64_t(x.shape.size());
  int64_t a = c.attr_int("axis", 1);
  if (a < 0) a += r;
  if (a < 0 || a > r) c.fail(fmt::format("axis {} is out of range for rank {}", a, r));
  Value o = same_as(x);
  o.is_const = false;
  o.shape = {std::accumulate(x.shape.begin(), x.shape.begin() + a, int64_t{1}, std::multiplies<>()),
             std::accumulate(x.shape.begin() + a, x.shape.end(), int64_t{1}, std::multiplies<>())};
  c.out[0] = o;
}

void transpose(OpCtx& c) {
  const Value& x = c.input(0);
  std::vector<int64_t> perm(x.shape.size());
  for (size_t i = 0; i < perm.size(); ++i) perm[i] = int64_t(perm.size() - 1 - i);
  perm = c.attr_ints("perm", perm);
  if (perm.size() != x.shape.size()) c.fail("perm does not match the input's rank");
  std::vector<bool> seen(perm.size(), false);
  for (int64_t& p : perm) {  // each axis exactly once (a repeated axis would read outside the input)
    p = c.axis(p, perm.size());
    if (seen[size_t(p)]) c.fail(fmt::format("perm repeats axis {}; expected a permutation of 0..{}", p, perm.size() - 1));
    seen[size_t(p)] = true;
  }
  Value& o = c.out[0];
  for (int64_t p : perm) o.shape.push_back(x.shape[size_t(p)]);
  const std::vector<int64_t> st = strides(x.shape);
  gather_data(x, o, [&](const std::vector<int64_t>& idx) {
    int64_t off = 0;
    for (size_t d = 0; d < perm.size(); ++d) off += idx[d] * st[perm[d]];
    return off;
  });
}

void expand(OpCtx& c) {
  const Value& x = c.input(0);
  Value& o = c.out[0];
  o.shape = broadcast_shape(c, x.shape, as_ints(c.known(1)));
  const std::vector<int64_t> st = strides(x.shape);
  const size_t lead = o.shape.size() - x.shape.size();
  gather_data(x, o, [&](const std::vector<int64_t>& idx) {
    int64_t off = 0;
    for (size_t d = 0; d < x.shape.size(); ++d) off += (x.shape[d] == 1 ? 0 : idx[d + lead]) * st[d];
    return off;
  });
}

void constant_of_shape(OpCtx& c) {
  Value& o = c.out[0];
  o.shape = as_ints(c.known(0));
  const OnnxAttr* a = c.n.attr("value");
  const double v = a && a->t.has_data && !a->t.data.empty() ? a->t.data[0] : 0.0;
  o.integer = a && a->t.integer;
  if (o.numel() <= kMaxDataElems) o.data.assign(o.numel(), v), o.has_data = true;
}

void range(OpCtx& c) {
  const double b = c.known(0).data.at(0), e = c.known(1).data.at(0), d = c.known(2).data.at(0);
  if (d == 0) c.fail("a delta of 0");
  Value& o = c.out[0];
  const double count = std::ceil((e - b) / d);
  if (!(count < 0x1p40)) c.fail("a range of more than 2^40 elements");
  const int64_t n = std::max<int64_t>(0, int64_t(count));
  o.shape = {n};
  o.integer = c.known(0).integer;
  for (int64_t i = 0; i < n && n <= kMaxDataElems; ++i) o.data.push_back(b + double(i) * d);
  o.has_data = n <= kMaxDataElems;
}

void split(OpCtx& c) {
  const Value& x = c.input(0);
  const int64_t ax = c.axis(c.attr_int("axis", 0), x.shape.size());
  std::vector<int64_t> parts = c.has_input(1) ? as_ints(c.known(1)) : c.attr_ints("split");
  const int64_t k = int64_t(c.out.size());
  if (parts.empty()) {
    if (x.shape[ax] % k) c.fail(fmt::format("dim {} of size {} does not split into {} equal parts", ax, x.shape[ax], k));
    parts.assign(k, x.shape[ax] / k);
  }
  if (int64_t(parts.size()) != k || std::accumulate(parts.begin(), parts.end(), int64_t{0}) != x.shape[ax])
    c.fail("the split sizes do not add up to the dim");
  for (int64_t i = 0; i < k; ++i) {
    c.out[i].shape = x.shape;
    c.out[i].shape[ax] = parts[i];
  }
}

void pad(OpCtx& c) {
  const Value& x = c.input(0);
  const std::vector<int64_t> p = c.has_input(1) ? as_ints(c.known(1)) : c.attr_ints("pads");
  const size_t r = x.shape.size();
  if (p.size() != 2 * r) c.fail(fmt::format("{} pads for a rank-{} input", p.size(), r));
  c.out[0].shape = x.shape;
  for (size_t d = 0; d < r; ++d) c.out[0].shape[d] += p[d] + p[r + d];
  if (x.has_data) c.fail("padding a constant is not folded");
}

void pass_through(OpCtx& c) {
  c.out[0] = same_as(c.input(0));
  c.out[0].is_const = false;
  if (c.n.op_type == "Cast") {
    const int64_t to = c.attr_int("to", 1);
    c.out[0].integer = !(to == 1 || to == 10 || to == 11 || to == 16);  // FLOAT, FLOAT16, DOUBLE, BFLOAT16
    if (c.out[0].integer)
      for (double& v : c.out[0].data) v = std::trunc(v);
  }
  for (size_t i = 1; i < c.out.size(); ++i) c.out[i].shape = c.out[0].shape;  // Dropout's mask
}

}  // namespace

void add_shape_ops(std::map<std::string, OpRule>& r) {
  r["Constant"] = constant;
  r["Shape"] = shape;
  r["Size"] = [](OpCtx& c) { c.out[0] = Value{{}, true, true, true, {double(c.input(0).numel())}}; };
  r["Gather"] = gather;
  r["Unsqueeze"] = unsqueeze;
  r["Squeeze"] = squeeze;
  r["Concat"] = concat;
  r["Slice"] = slice;
  r["Reshape"] = reshape;
  r["Flatten"] = flatten;
  r["Transpose"] = transpose;
  r["Expand"] = expand;
  r["ConstantOfShape"] = constant_of_shape;
  r["Range"] = range;
  r["Split"] = split;
  r["Pad"] = pad;
  for (const char* op : {"Identity", "Dropout", "Cast"}) r[op] = pass_through;
}

}  // namespace shiftadd::import
