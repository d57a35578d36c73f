// gemm_fixed: every instruction set this CPU runs gives the bits of the defined scalar chain (k ascending,
// product rounded, then added), on shapes with every kind of tail; no fused multiply-add anywhere.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "models/ops/gemm_fixed.h"

namespace shiftadd::nn {
namespace {

constexpr GemmIsa kIsas[] = {GemmIsa::kSse2, GemmIsa::kAvx2, GemmIsa::kAvx512};

std::vector<float> randv(size_t n, uint64_t seed) {
  Rng r(seed);
  std::vector<float> v(n);
  for (float& f : v) f = float(r.normal());
  return v;
}

// The definition, one element at a time. volatile keeps the compiler from fusing or reordering.
std::vector<float> reference(const std::vector<float>& w, const std::vector<float>& x, const GemmShape& s) {
  std::vector<float> y(size_t(s.O * s.ldy), -7.f);
  for (int64_t o = 0; o < s.O; ++o)
    for (int64_t p = 0; p < s.P; ++p) {
      volatile float acc = 0.f;
      for (int64_t k = 0; k < s.K; ++k) {
        volatile float prod = w[size_t(o * s.ldw + k)] * x[size_t(k * s.ldx + p)];
        acc = acc + prod;
      }
      y[size_t(o * s.ldy + p)] = acc;
    }
  return y;
}

TEST(GemmFixed, EveryIsaGivesTheBitsOfTheScalarChain) {
  int tested = 0;
  for (GemmIsa isa : kIsas) {
    if (!gemm_isa_supported(isa)) continue;
    ++tested;
    // Row tails (O % 4), vector tails (P % 4, 8, 16), padded leading dimensions, 7x7 and 14x14 outputs.
    for (const GemmShape s : {GemmShape{8, 72, 784, 72, 784, 784}, GemmShape{9, 13, 49, 15, 51, 50},
                              GemmShape{3, 216, 196, 216, 196, 196}, GemmShape{1, 1, 1, 1, 1, 1},
                              GemmShape{5, 7, 67, 7, 67, 70}, GemmShape{48, 432, 294, 432, 294, 294}}) {
      const auto w = randv(size_t(s.O * s.ldw), 1), x = randv(size_t(s.K * s.ldx), 2);
      std::vector<float> y(size_t(s.O * s.ldy), -7.f);
      gemm_fixed(w.data(), x.data(), y.data(), s, isa);
      const std::vector<float> want = reference(w, x, s);
      for (int64_t o = 0; o < s.O; ++o)
        ASSERT_EQ(std::memcmp(y.data() + o * s.ldy, want.data() + o * s.ldy, size_t(s.P) * 4), 0)
            << to_string(isa) << " O " << s.O << " K " << s.K << " P " << s.P << " row " << o;
      for (int64_t o = 0; o < s.O; ++o)  // the padding of y is not written
        for (int64_t p = s.P; p < s.ldy; ++p) ASSERT_EQ(y[size_t(o * s.ldy + p)], -7.f);
    }
  }
  EXPECT_GE(tested, 1);
}

// Rows of x by offset (GemmShape::xrow), overlapping and out of order: the bits of the gathered matrix.
TEST(GemmFixed, RowOffsetsReadTheSameAsAGatheredMatrix) {
  const GemmShape plain{6, 5, 37, 5, 37, 37};
  const std::vector<int64_t> rows{40, 3, 0, 41, 17};
  const auto w = randv(30, 3), pool = randv(41 + 37, 4);
  std::vector<float> gathered(5 * 37);
  for (size_t k = 0; k < rows.size(); ++k)
    std::memcpy(gathered.data() + k * 37, pool.data() + rows[k], 37 * sizeof(float));
  const std::vector<float> want = reference(w, gathered, plain);
  for (GemmIsa isa : kIsas) {
    if (!gemm_isa_supported(isa)) continue;
    std::vector<float> y(6 * 37, -7.f);
    GemmShape s = plain;
    s.ldx = 0, s.xrow = rows.data();
    gemm_fixed(w.data(), pool.data(), y.data(), s, isa);
    EXPECT_EQ(std::memcmp(y.data(), want.data(), y.size() * sizeof(float)), 0) << to_string(isa);
  }
}

// acc = -round(a*a), then acc + a*a: 0 when the product is rounded first, the rounding error 2^-24 with FMA.
TEST(GemmFixed, NoFusedMultiplyAdd) {
  const float a = 1.f + 1.f / 4096.f, r = a * a;
  for (GemmIsa isa : kIsas) {
    if (!gemm_isa_supported(isa)) continue;
    const int64_t P = 37;  // full vectors and a scalar tail for every width
    std::vector<float> w{1.f, a}, x(size_t(2 * P)), y(size_t(P), 1.f);
    for (int64_t p = 0; p < P; ++p) x[size_t(p)] = -r, x[size_t(P + p)] = a;
    gemm_fixed(w.data(), x.data(), y.data(), {1, 2, P, 2, P, P}, isa);
    for (int64_t p = 0; p < P; ++p) ASSERT_EQ(y[size_t(p)], 0.f) << to_string(isa) << " column " << p;
  }
}

TEST(GemmFixed, EmptyDepthGivesPositiveZeros) {
  std::vector<float> w(1), x(1), y(4, 5.f);
  gemm_fixed(w.data(), x.data(), y.data(), {1, 0, 4, 0, 4, 4});
  for (float v : y) EXPECT_TRUE(v == 0.f && !std::signbit(v));
}

TEST(GemmFixed, RefusesBadShapesAndUnsupportedIsas) {
  std::vector<float> w(4), x(4), y(4);
  EXPECT_THROW(gemm_fixed(w.data(), x.data(), y.data(), {2, 2, 2, 1, 2, 2}), InputError);  // ldw < K
  EXPECT_THROW(gemm_fixed(w.data(), x.data(), y.data(), {-1, 2, 2, 2, 2, 2}), InputError);
  for (GemmIsa isa : kIsas)
    if (!gemm_isa_supported(isa)) {
      EXPECT_THROW(gemm_fixed(w.data(), x.data(), y.data(), {1, 1, 1, 1, 1, 1}, isa), InputError);
    }
  EXPECT_TRUE(gemm_isa_supported(best_gemm_isa()));
}

}  // namespace
}  // namespace shiftadd::nn
