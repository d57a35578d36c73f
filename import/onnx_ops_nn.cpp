// Rules of the operators with weights or windows: Conv, MatMul, Gemm and the pools (shapes only).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "import/onnx_fold.h"

namespace shiftadd::import {
namespace {

struct Window {
  std::vector<int64_t> kernel, strides, pads, dilations;  // pads: begins then ends, as ONNX
};

Window window(const OpCtx& c, const std::vector<int64_t>& x, std::vector<int64_t> kernel) {
  const size_t sp = x.size() - 2;
  Window w;
  w.kernel = c.attr_ints("kernel_shape", std::move(kernel));
  w.strides = c.attr_ints("strides", std::vector<int64_t>(sp, 1));
  w.dilations = c.attr_ints("dilations", std::vector<int64_t>(sp, 1));
  w.pads = c.attr_ints("pads", std::vector<int64_t>(2 * sp, 0));
  if (w.kernel.size() != sp || w.strides.size() != sp || w.dilations.size() != sp || w.pads.size() != 2 * sp)
    c.fail(fmt::format("kernel_shape, strides, dilations or pads do not match {} spatial dims", sp));
  const OnnxAttr* ap = c.n.attr("auto_pad");
  const std::string mode = ap ? ap->s : "NOTSET";
  if (mode == "SAME_UPPER" || mode == "SAME_LOWER") {
    for (size_t i = 0; i < sp; ++i) {
      const int64_t out = (x[2 + i] + w.strides[i] - 1) / w.strides[i];
      const int64_t total = std::max<int64_t>(0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - x[2 + i]);
      const int64_t small = total / 2, big = total - small;
      w.pads[i] = mode == "SAME_UPPER" ? small : big, w.pads[sp + i] = mode == "SAME_UPPER" ? big : small;
    }
  } else if (mode == "VALID") {
    std::fill(w.pads.begin(), w.pads.end(), 0);
  } else if (mode != "NOTSET") {
    c.fail(fmt::format("auto_pad '{}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID", mode));
  }
  for (size_t i = 0; i < sp; ++i)
    if (w.kernel[i] < 1 || w.strides[i] < 1 || w.dilations[i] < 1 || w.pads[i] < 0 || w.pads[sp + i] < 0)
      c.fail("a kernel, stride or dilation below 1, or a negative pad");
  return w;
}

// Spatial output sizes; ceil mode as PyTorch (no window starts inside the end padding).
std::vector<int64_t> spatial_out(const OpCtx& c, const std::vector<int64_t>& x, const Window& w, bool ceil_mode) {
  const size_t sp = x.size() - 2;
  std::vector<int64_t> out;
  for (size_t i = 0; i < sp; ++i) {
    const int64_t span = x[2 + i] + w.pads[i] + w.pads[sp + i] - (w.kernel[i] - 1) * w.dilations[i] - 1;
    if (span < 0) c.fail(fmt::format("the window ({}) is larger than the padded input ({})", w.kernel[i], x[2 + i]));
    int64_t o = (ceil_mode ? (span + w.strides[i] - 1) / w.strides[i] : span / w.strides[i]) + 1;
    if (ceil_mode && (o - 1) * w.strides[i] >= x[2 + i] + w.pads[i]) --o;
    out.push_back(o);
  }
  return out;
}

void conv(OpCtx& c) {
  const Value &x = c.input(0), &wt = c.input(1);
  if (x.shape.size() < 3 || wt.shape.size() != x.shape.size())
    c.fail(fmt::format("input [{}] and weight [{}] are not an N-d convolution", fmt::join(x.shape, ","),
                       fmt::join(wt.shape, ",")));
  const int64_t groups = c.attr_int("group", 1);
  if (groups < 1 || x.shape[1] != wt.shape[1] * groups)
    c.fail(fmt::format("{} input channels do not match the weight's {} x {} groups", x.shape[1], wt.shape[1], groups));
  const Window w = window(c, x.shape, {wt.shape.begin() + 2, wt.shape.end()});
  c.out[0].shape = {x.shape[0], wt.shape[0]};
  for (int64_t s : spatial_out(c, x.shape, w, false)) c.out[0].shape.push_back(s);
}

void pool(OpCtx& c) {
  const Value& x = c.input(0);
  if (x.shape.size() < 3) c.fail("the input is not N-d with channels");
  const Window w = window(c, x.shape, {});
  c.out[0].shape = {x.shape[0], x.shape[1]};
  for (int64_t s : spatial_out(c, x.shape, w, c.attr_int("ceil_mode", 0) != 0)) c.out[0].shape.push_back(s);
  for (size_t i = 1; i < c.out.size(); ++i) c.out[i].shape = c.out[0].shape;  // MaxPool's indices
}

void global_pool(OpCtx& c) {
  const Value& x = c.input(0);
  if (x.shape.size() < 3) c.fail("the input is not N-d with channels");
  c.out[0].shape = {x.shape[0], x.shape[1]};
  c.out[0].shape.resize(x.shape.size(), 1);
}

void matmul(OpCtx& c) {
  std::vector<int64_t> a = c.input(0).shape, b = c.input(1).shape;
  if (a.size() < 2 || b.size() < 2) c.fail("MatMul of a vector is not supported");
  if (a.back() != b[b.size() - 2])
    c.fail(fmt::format("[{}] x [{}]: inner dims differ", fmt::join(a, ","), fmt::join(b, ",")));
  std::vector<int64_t> out = broadcast_shape(c, {a.begin(), a.end() - 2}, {b.begin(), b.end() - 2});
  out.push_back(a[a.size() - 2]);
  out.push_back(b.back());
  c.out[0].shape = out;
}

void gemm(OpCtx& c) {
  const std::vector<int64_t> &a = c.input(0).shape, &b = c.input(1).shape;
  if (a.size() != 2 || b.size() != 2) c.fail("Gemm needs 2-d inputs");
  const bool ta = c.attr_int("transA", 0) != 0, tb = c.attr_int("transB", 0) != 0;
  const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (k != kb) c.fail(fmt::format("inner dims differ: {} and {}", k, kb));
  c.out[0].shape = {m, n};
}

}  // namespace

void add_nn_ops(std::map<std::string, OpRule>& r) {
  r["Conv"] = conv;
  r["MaxPool"] = pool;
  r["AveragePool"] = pool;
  r["GlobalAveragePool"] = global_pool;
  r["GlobalMaxPool"] = global_pool;
  r["MatMul"] = matmul;
  r["Gemm"] = gemm;
}

}  // namespace shiftadd::import
