// GEMM lowering, vector ops, params and the counting convention of single layers.
#include "workload/lowering.h"

#include <gtest/gtest.h>

#include "workload/counts.h"

namespace shiftadd::workload {
namespace {

Layer make(Attrs a, ActShape in, Engine e = PeKind::kMult) {
  Layer l{"l", "t", e, in, {}, std::move(a)};
  resolve(l);
  return l;
}

void expect_gemm(const GemmShape& g, int64_t m, int64_t k, int64_t n, int64_t count, Engine e) {
  EXPECT_EQ(g.m, m) << g.part;
  EXPECT_EQ(g.k, k) << g.part;
  EXPECT_EQ(g.n, n) << g.part;
  EXPECT_EQ(g.count, count) << g.part;
  EXPECT_EQ(g.engine, e) << g.part;
}

TEST(Lowering, ConvIsIm2col) {
  Conv2d c;
  c.out_channels = 128, c.kh = c.kw = 3, c.sh = c.sw = 2, c.ph = c.pw = 1;
  Layer l = make(c, {2, 64, 56, 56});
  EXPECT_EQ(l.out, (ActShape{2, 128, 28, 28}));
  auto g = lower_to_gemms(l);
  ASSERT_EQ(g.size(), 1u);
  expect_gemm(g[0], 2 * 28 * 28, 9 * 64, 128, 1, PeKind::kMult);
  EXPECT_EQ(param_count(l), 128 * 64 * 9);
}

TEST(Lowering, GroupedAndDepthwiseConv) {
  Conv2d c;
  c.out_channels = 64, c.kh = c.kw = 3, c.ph = c.pw = 1, c.groups = 4, c.bias = true;
  Layer l = make(c, {1, 32, 8, 8}, PeKind::kShift);
  expect_gemm(lower_to_gemms(l)[0], 64, 9 * 8, 16, 4, PeKind::kShift);
  EXPECT_EQ(param_count(l), 64 * 8 * 9 + 64);
  c.groups = 32, c.out_channels = 32;  // depthwise
  Layer dw = make(c, {1, 32, 8, 8});
  expect_gemm(lower_to_gemms(dw)[0], 64, 9, 1, 32, PeKind::kMult);
}

TEST(Lowering, ScaleSimRounding) {
  Conv2d c;
  c.out_channels = 64, c.kh = c.kw = 7, c.sh = c.sw = 2, c.scalesim_out = true;
  EXPECT_EQ(make(c, {1, 3, 224, 224}).out.h, 110);  // ceil((224 - 7 + 2) / 2)
  c.scalesim_out = false;
  EXPECT_EQ(make(c, {1, 3, 224, 224}).out.h, 109);  // floor((224 - 7) / 2) + 1
}

TEST(Lowering, SelfAttentionDecomposition) {
  Attention a;
  a.heads = 8, a.qkv_dim = 512, a.out_dim = 640;
  Layer l = make(a, {1, 640, 30, 1});
  auto g = lower_to_gemms(l);
  ASSERT_EQ(g.size(), 4u);
  expect_gemm(g[0], 30, 640, 3 * 512, 1, PeKind::kMult);
  expect_gemm(g[1], 30, 64, 30, 8, PeKind::kMult);  // QK^T per head
  expect_gemm(g[2], 30, 30, 64, 8, PeKind::kMult);  // AV per head
  expect_gemm(g[3], 30, 512, 640, 1, PeKind::kMult);
  EXPECT_TRUE(g[1].b_is_activation && g[2].b_is_activation);
  EXPECT_FALSE(g[0].b_is_activation);
  auto v = vector_ops(l);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].kind, VectorKind::kSoftmax);
  EXPECT_EQ(v[0].elements, 8 * 30 * 30);
  EXPECT_EQ(param_count(l), 3 * (640 * 512 + 512) + 512 * 640 + 640);
}

TEST(Lowering, CrossAttentionTakesKvFromMemory) {
  Attention a;
  a.heads = 4, a.qkv_dim = 512, a.out_dim = 512, a.cross = true, a.kv_len = 60, a.kv_dim = 640;
  Layer l = make(a, {1, 512, 30, 1});
  auto g = lower_to_gemms(l);
  ASSERT_EQ(g.size(), 5u);
  expect_gemm(g[0], 30, 512, 512, 1, PeKind::kMult);
  expect_gemm(g[1], 60, 640, 1024, 1, PeKind::kMult);
  expect_gemm(g[2], 30, 128, 60, 4, PeKind::kMult);
  expect_gemm(g[3], 30, 60, 128, 4, PeKind::kMult);
  EXPECT_EQ(vector_ops(l)[0].elements, 4 * 30 * 60);
}

TEST(Lowering, LightweightBranch) {
  Lightweight lw;
  lw.kernel = 7, lw.heads = 4, lw.out_dim = 256, lw.glu = true, lw.shift_linear = true;
  lw.conv_engine = PeKind::kAdd;
  Layer l = make(lw, {1, 256, 30, 1});
  auto g = lower_to_gemms(l);
  ASSERT_EQ(g.size(), 4u);
  expect_gemm(g[0], 30, 256, 512, 1, PeKind::kMult);
  expect_gemm(g[1], 30, 256, 256, 1, PeKind::kShift);
  expect_gemm(g[2], 30 * 64, 7, 1, 4, PeKind::kAdd);  // kernel shared by the 64 channels of a head
  expect_gemm(g[3], 30, 256, 256, 1, PeKind::kMult);
  EXPECT_EQ(param_count(l), 256 * 512 + 512 + 256 * 256 + 256 + 4 * 7 + 256 * 256 + 256);
}

TEST(Lowering, CountingConvention) {
  FullyConnected lin{100, false, false};
  OpCounts mult = count_layer(make(lin, {1, 10, 1, 1}, PeKind::kMult));
  OpCounts shift = count_layer(make(lin, {1, 10, 1, 1}, PeKind::kShift));
  OpCounts add = count_layer(make(lin, {1, 10, 1, 1}, PeKind::kAdd));
  EXPECT_EQ(mult.macs, 1000);
  EXPECT_EQ(mult.mult, 1000);
  EXPECT_EQ(mult.add, 1000);
  EXPECT_EQ(shift.shift, 1000);
  EXPECT_EQ(shift.add, 1000);
  EXPECT_EQ(shift.mult, 0);
  EXPECT_EQ(add.add, 2000);
  EXPECT_EQ(add.macs, 1000);
  EXPECT_EQ(add.mult + add.shift, 0);
}

TEST(Lowering, VectorOpsOfNonGemmLayers) {
  ActShape in{1, 64, 56, 56};
  EXPECT_TRUE(lower_to_gemms(make(Norm{NormKind::kBatch}, in, Engine::vector())).empty());
  EXPECT_EQ(vector_ops(make(Norm{NormKind::kBatch}, in, Engine::vector()))[0].elements, in.elems());
  EXPECT_EQ(param_count(make(Norm{NormKind::kLayer}, in, Engine::vector())), 128);
  Pool p;
  p.kh = p.kw = 3, p.sh = p.sw = 2, p.ph = p.pw = 1;
  Layer pool = make(p, {1, 64, 112, 112}, Engine::vector());
  EXPECT_EQ(pool.out, (ActShape{1, 64, 56, 56}));
  EXPECT_EQ(vector_ops(pool)[0].elements, 64 * 56 * 56 * 9);
  Layer glu = make(Activation{ActFn::kGlu}, {1, 512, 30, 1}, Engine::vector());
  EXPECT_EQ(glu.out.c, 256);
  SqueezeExcite se{16, true};
  Layer s = make(se, {1, 256, 14, 14});
  auto g = lower_to_gemms(s);
  ASSERT_EQ(g.size(), 2u);
  expect_gemm(g[0], 1, 256, 16, 1, PeKind::kMult);
  expect_gemm(g[1], 1, 16, 256, 1, PeKind::kMult);
}

TEST(Lowering, ImpossibleShapesNameTheField) {
  Conv2d c;
  c.out_channels = 8, c.kh = c.kw = 5;
  try {
    make(c, {1, 3, 4, 4});
    FAIL() << "expected ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_EQ(e.field(), "kernel");
  }
  c.kh = c.kw = 1, c.groups = 2;
  EXPECT_THROW(make(c, {1, 3, 4, 4}), ShapeError);
  Attention a;
  a.heads = 3, a.qkv_dim = 64, a.out_dim = 64;
  EXPECT_THROW(make(a, {1, 64, 4, 1}), ShapeError);
  EXPECT_THROW(make(Norm{}, {1, 0, 4, 4}), ShapeError);
}

}  // namespace
}  // namespace shiftadd::workload
