#include "workload/lowering.h"

#include <fmt/format.h>

#include "workload/overload.h"

namespace shiftadd::workload {
namespace {

using Gemms = std::vector<GemmShape>;
using Vops = std::vector<VectorOp>;

GemmShape gemm(std::string part, int64_t m, int64_t k, int64_t n, int64_t count, Engine e, bool b_act = false) {
  return GemmShape{std::move(part), m, k, n, count, e, b_act};
}

Gemms attention_gemms(const Attention& a, const Layer& L) {
  const int64_t b = L.in.n, t = L.in.pixels(), dh = a.qkv_dim / a.heads;
  const int64_t tkv = a.cross ? a.kv_len : t;
  Gemms g;
  if (a.cross) {
    g.push_back(gemm("q_proj", b * t, L.in.c, a.qkv_dim, 1, PeKind::kMult));
    g.push_back(gemm("kv_proj", b * tkv, a.kv_dim, 2 * a.qkv_dim, 1, PeKind::kMult));
  } else {
    g.push_back(gemm("qkv_proj", b * t, L.in.c, 3 * a.qkv_dim, 1, PeKind::kMult));
  }
  g.push_back(gemm("qk", t, dh, tkv, b * a.heads, PeKind::kMult, true));
  g.push_back(gemm("av", t, tkv, dh, b * a.heads, PeKind::kMult, true));
  if (a.out_proj) g.push_back(gemm("out_proj", b * t, a.qkv_dim, a.out_dim, 1, PeKind::kMult));
  return g;
}

Gemms lightweight_gemms(const Lightweight& l, const Layer& L) {
  const int64_t rows = L.in.n * L.in.pixels(), c = L.in.c;
  Gemms g;
  g.push_back(gemm("linear1", rows, c, l.glu ? 2 * c : c, 1, PeKind::kMult));
  if (l.shift_linear) g.push_back(gemm("shift_linear", rows, c, c, 1, PeKind::kShift));
  // One kernel per head, shared by its c/heads channels: im2col rows are (token, channel) pairs.
  g.push_back(gemm("conv", rows * (c / l.heads), l.kernel, 1, l.heads, l.conv_engine));
  g.push_back(gemm("linear2", rows, c, l.out_dim, 1, PeKind::kMult));
  return g;
}

VectorKind act_kind(ActFn k) {
  switch (k) {
    case ActFn::kRelu: return VectorKind::kRelu;
    case ActFn::kGelu: return VectorKind::kGelu;
    case ActFn::kSilu: return VectorKind::kSilu;
    case ActFn::kSigmoid: return VectorKind::kSigmoid;
    case ActFn::kGlu: return VectorKind::kGlu;
    case ActFn::kSoftmax: return VectorKind::kSoftmax;
  }
  return VectorKind::kRelu;
}

}  // namespace

const char* to_string(VectorKind k) {
  static const char* names[kNumVectorKinds] = {"batchnorm", "layernorm", "softmax", "relu",    "gelu",
                                               "silu",      "sigmoid",   "glu",     "maxpool", "avgpool",
                                               "add",       "mul",       "gather"};
  return names[static_cast<int>(k)];
}

std::vector<GemmShape> lower_to_gemms(const Layer& L) {
  return std::visit(
      Overload{
          [&](const Conv2d& c) {
            return Gemms{gemm("", L.out.n * L.out.pixels(), c.kh * c.kw * (L.in.c / c.groups),
                              c.out_channels / c.groups, c.groups, L.engine)};
          },
          [&](const FullyConnected& l) { return Gemms{gemm("", L.in.n * L.in.pixels(), L.in.c, l.out_features, 1, L.engine)}; },
          [&](const Matmul& m) { return Gemms{gemm("", m.m, m.k, m.n, m.count, L.engine, m.b_is_activation)}; },
          [&](const Attention& a) { return attention_gemms(a, L); },
          [&](const Lightweight& l) { return lightweight_gemms(l, L); },
          [&](const SqueezeExcite& s) {
            return Gemms{gemm("fc1", L.in.n, L.in.c, s.reduced, 1, PeKind::kMult),
                         gemm("fc2", L.in.n, s.reduced, L.in.c, 1, PeKind::kMult)};
          },
          [&](const auto&) { return Gemms{}; },
      },
      L.attrs);
}

std::vector<VectorOp> vector_ops(const Layer& L) {
  const int64_t in_e = L.in.elems(), out_e = L.out.elems();
  return std::visit(
      Overload{
          [&](const Attention& a) {
            int64_t tkv = a.cross ? a.kv_len : L.in.pixels();
            return Vops{{VectorKind::kSoftmax, L.in.n * a.heads * L.in.pixels() * tkv}};
          },
          [&](const Lightweight& l) {
            Vops v{{VectorKind::kSoftmax, l.heads * l.kernel}};  // weight_softmax over each head's kernel
            if (l.glu) v.push_back({VectorKind::kGlu, in_e});
            return v;
          },
          [&](const Pool& p) {
            VectorKind k = p.kind == PoolKind::kMax ? VectorKind::kMaxPool : VectorKind::kAvgPool;
            return Vops{{k, p.global ? in_e : out_e * p.kh * p.kw}};
          },
          [&](const Norm& n) {
            return Vops{{n.kind == NormKind::kBatch ? VectorKind::kBatchNorm : VectorKind::kLayerNorm, in_e}};
          },
          [&](const Activation& a) { return Vops{{act_kind(a.kind), a.kind == ActFn::kGlu ? out_e : in_e}}; },
          [&](const Embedding&) { return Vops{{VectorKind::kGather, out_e}}; },
          [&](const PosEmbed&) { return Vops{{VectorKind::kAdd, out_e}}; },
          [&](const SqueezeExcite& s) {
            return Vops{{VectorKind::kAvgPool, in_e},
                        {VectorKind::kRelu, L.in.n * s.reduced},
                        {VectorKind::kSigmoid, L.in.n * L.in.c},
                        {VectorKind::kMul, in_e}};
          },
          [&](const auto&) { return Vops{}; },
      },
      L.attrs);
}

// Counts are int64: a layer whose tensors or GEMMs do not fit is refused here, naming it, instead of
// wrapping to negative Params and MACs later. Long double, because the products themselves may not fit.
void check_magnitudes(const Layer& l) {
  constexpr long double kMaxElems = 0x1p40L, kMaxMacs = 0x1p62L;
  const auto elems = [](const ActShape& s) { return (long double)s.n * s.c * s.h * s.w; };
  for (const auto& [what, shape] : {std::pair<const char*, ActShape>{"input", l.in}, {"output", l.out}})
    if (elems(shape) > kMaxElems)
      throw ShapeError("", fmt::format("the {} has {:.4g} elements, above the 2^40 this model counts", what, double(elems(shape))));
  for (const GemmShape& g : lower_to_gemms(l)) {
    const long double macs = (long double)g.m * g.k * g.n * g.count;
    if (macs > kMaxMacs)
      throw ShapeError("", fmt::format("its GEMM {}x{}x{} (x{}) has {:.4g} MACs, above the 2^62 this model counts",
                                       g.m, g.k, g.n, g.count, double(macs)));
  }
}


}  // namespace shiftadd::workload
