#include "workload/layer.h"

#include <fmt/format.h>

#include "workload/overload.h"

namespace shiftadd::workload {
namespace {

[[noreturn]] void bad(const std::string& field, const std::string& what) { throw ShapeError(field, what); }

enum class Round { kFloor, kTorchCeil, kScaleSim };

// Output positions of a sliding window. kTorchCeil also drops a last window starting in the padding
// (PyTorch ceil_mode); kScaleSim is SCALE-Sim v2's plain ceil((in - k + s) / s).
int64_t window_out(int64_t in, int64_t k, int64_t s, int64_t p, Round r, const char* axis) {
  int64_t span = in + 2 * p - k;
  if (span < 0) bad("kernel", fmt::format("kernel {} {} larger than padded input {} (input {} + 2*pad {})", axis, k,
                                in + 2 * p, in, p));
  if (r == Round::kFloor) return span / s + 1;
  int64_t out = (span + s - 1) / s + 1;
  if (r == Round::kTorchCeil && (out - 1) * s >= in + p) --out;
  return out;
}

ActShape conv_out(const Conv2d& c, const ActShape& in) {
  if (in.c % c.groups != 0) bad("groups", fmt::format("input channels {} not divisible by groups {}", in.c, c.groups));
  if (c.out_channels % c.groups != 0)
    bad("groups", fmt::format("output channels {} not divisible by groups {}", c.out_channels, c.groups));
  Round r = c.scalesim_out ? Round::kScaleSim : Round::kFloor;
  return {in.n, c.out_channels, window_out(in.h, c.kh, c.sh, c.ph, r, "height"),
          window_out(in.w, c.kw, c.sw, c.pw, r, "width")};
}

ActShape pool_out(const Pool& p, const ActShape& in) {
  if (p.global) return {in.n, in.c, 1, 1};
  if (p.ph * 2 > p.kh || p.pw * 2 > p.kw) bad("pad", "pool padding must be at most half the kernel");
  Round r = p.ceil_mode ? Round::kTorchCeil : Round::kFloor;
  return {in.n, in.c, window_out(in.h, p.kh, p.sh, p.ph, r, "height"), window_out(in.w, p.kw, p.sw, p.pw, r, "width")};
}

ActShape attention_out(const Attention& a, const ActShape& in) {
  if (a.qkv_dim % a.heads != 0) bad("heads", fmt::format("qkv_dim {} not divisible by heads {}", a.qkv_dim, a.heads));
  return {in.n, a.out_proj ? a.out_dim : a.qkv_dim, in.h, in.w};
}

ActShape lightweight_out(const Lightweight& l, const ActShape& in) {
  if (in.c % l.heads != 0) bad("heads", fmt::format("channels {} not divisible by heads {}", in.c, l.heads));
  return {in.n, l.out_dim, in.h, in.w};
}

}  // namespace

std::string to_string(const ActShape& s) { return fmt::format("{}x{}x{}x{}", s.n, s.c, s.h, s.w); }

const char* to_string(Engine e) { return e.pe ? to_string(*e.pe) : "vector"; }

ActShape infer_output(const Attrs& attrs, const ActShape& in) {
  if (in.n <= 0 || in.c <= 0 || in.h <= 0 || in.w <= 0) bad("input", "input shape " + to_string(in) + " has a size <= 0");
  return std::visit(
      Overload{
          [&](const Conv2d& c) { return conv_out(c, in); },
          [&](const FullyConnected& l) { return ActShape{in.n, l.out_features, in.h, in.w}; },
          [&](const Matmul& m) { return ActShape{m.count, m.n, m.m, 1}; },
          [&](const Attention& a) { return attention_out(a, in); },
          [&](const Lightweight& l) { return lightweight_out(l, in); },
          [&](const Pool& p) { return pool_out(p, in); },
          [&](const Norm&) { return in; },
          [&](const Activation& a) {
            if (a.kind != ActFn::kGlu) return in;
            if (in.c % 2 != 0) bad("type", fmt::format("GLU needs an even channel count, got {}", in.c));
            return ActShape{in.n, in.c / 2, in.h, in.w};
          },
          [&](const Embedding& e) { return ActShape{in.n, e.dim, e.tokens, 1}; },
          [&](const ToTokens& t) { return ActShape{in.n, in.c, in.h * in.w + t.extra_tokens, 1}; },
          [&](const PosEmbed&) { return in; },
          [&](const TakeTokens& t) {
            if (t.count > in.pixels()) bad("count", fmt::format("take_tokens {} > {} tokens", t.count, in.pixels()));
            return ActShape{in.n, in.c, t.count, 1};
          },
          [&](const SqueezeExcite&) { return in; },
      },
      attrs);
}

void resolve(Layer& layer) { layer.out = infer_output(layer.attrs, layer.in); }

int64_t param_count(const Layer& L) {
  const ActShape& in = L.in;
  return std::visit(
      Overload{
          [&](const Conv2d& c) { return c.out_channels * (in.c / c.groups) * c.kh * c.kw + (c.bias ? c.out_channels : 0); },
          [&](const FullyConnected& l) {
            return l.shared_weights ? int64_t{0} : in.c * l.out_features + (l.bias ? l.out_features : 0);
          },
          [&](const Matmul& m) { return m.b_is_activation ? int64_t{0} : m.k * m.n * m.count; },
          [&](const Attention& a) {
            int64_t kv_in = a.cross ? a.kv_dim : in.c;
            int64_t p = in.c * a.qkv_dim + 2 * kv_in * a.qkv_dim + (a.bias ? 3 * a.qkv_dim : 0);
            if (a.out_proj) p += a.qkv_dim * a.out_dim + (a.bias ? a.out_dim : 0);
            return p;
          },
          [&](const Lightweight& l) {
            int64_t l1_out = l.glu ? 2 * in.c : in.c;
            int64_t shift = l.shift_linear ? in.c * in.c + (l.bias ? in.c : 0) : 0;
            return in.c * l1_out + (l.bias ? l1_out : 0) + shift + l.heads * l.kernel + in.c * l.out_dim +
                   (l.bias ? l.out_dim : 0);
          },
          [&](const Pool&) { return int64_t{0}; },
          [&](const Norm&) { return 2 * in.c; },  // affine scale and shift
          [&](const Activation&) { return int64_t{0}; },
          [&](const Embedding& e) { return e.shared_weights ? int64_t{0} : e.vocab * e.dim; },
          [&](const ToTokens& t) { return t.extra_tokens * in.c; },
          [&](const PosEmbed& p) { return p.learned ? in.c * in.pixels() : int64_t{0}; },
          [&](const TakeTokens&) { return int64_t{0}; },
          [&](const SqueezeExcite& s) { return 2 * in.c * s.reduced + (s.bias ? s.reduced + in.c : 0); },
      },
      L.attrs);
}

bool is_embedding(const Layer& layer) { return std::holds_alternative<Embedding>(layer.attrs); }

}  // namespace shiftadd::workload
