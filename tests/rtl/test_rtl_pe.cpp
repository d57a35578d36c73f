// PE edge cases on 1x1 arrays (one PE, no skew): saturation at both rails, wrap, shift exponents
// and sign codes, adder extremes. Expected values are written out by hand from docs/hardware.md,
// and also checked against reference_gemm.
#include <gtest/gtest.h>

#include "rtl_test_util.h"

namespace shiftadd::rtltest {
namespace {

// One output: C = sum_k p(a_k, b_k), a column of K terms through a 1x1 array.
int64_t run1(const ArraySpec& s, const std::vector<int64_t>& a, const std::vector<int64_t>& b, Dataflow df,
             Overflow ovf) {
  const GemmJob j = job_of(1, int64_t(a.size()), 1, a, b);
  const RtlRun r = run_rtl(s, j, df, ovf);
  EXPECT_EQ(r.c, ref(s, j, ovf));
  EXPECT_EQ(r.cycles, total_cycles(1, 1, df, 1, j.K, 1));
  return r.c.at(0);
}

TEST(RtlPe, MultSaturatesAtBothRails) {
  const ArraySpec s = spec(PeKind::kMult, 1, 1, 16);  // range [-32768, 32767]
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {-128, -128, -128}, {-128, -128, -128}, df, Overflow::kSaturate), 32767);
    EXPECT_EQ(run1(s, {-128, -128, -128}, {127, 127, 127}, df, Overflow::kSaturate), -32768);
    // Clamped at every step: 16384, 32767 (clamped), then 32767 - 16256; the exact sum is 16512.
    EXPECT_EQ(run1(s, {-128, -128, -128}, {-128, -128, 127}, df, Overflow::kSaturate), 32767 - 16256);
  }
}

TEST(RtlPe, MultWrapsModulo) {
  const ArraySpec s = spec(PeKind::kMult, 1, 1, 16);
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {-128, -128}, {-128, -128}, df, Overflow::kWrap), -32768);  // 32768 wraps
    EXPECT_EQ(run1(s, {-128, -128, -128}, {-128, -128, -128}, df, Overflow::kWrap), -16384);
    EXPECT_EQ(run1(s, {127, -128}, {-128, -128}, df, Overflow::kWrap), -16256 + 16384);
  }
}

TEST(RtlPe, ShiftExponentsExactAndFloor) {
  const ArraySpec s = spec(PeKind::kShift, 1, 1, 23);  // F = 14
  const int64_t plus = 0x10, minus = 0x30;
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {5}, {plus | 0}, df, Overflow::kWrap), 5 << 14);           // e = 0
    EXPECT_EQ(run1(s, {5}, {plus | 14}, df, Overflow::kWrap), 5);                // e = F: exact
    EXPECT_EQ(run1(s, {5}, {plus | 15}, df, Overflow::kWrap), 2);                // e = 15: floor(5/2)
    EXPECT_EQ(run1(s, {-5}, {plus | 15}, df, Overflow::kWrap), -3);              // floor(-2.5)
    EXPECT_EQ(run1(s, {-5}, {minus | 15}, df, Overflow::kWrap), 3);              // sign after rounding
    EXPECT_EQ(run1(s, {-128}, {minus | 0}, df, Overflow::kWrap), 128 << 14);     // -(-2^21)
    EXPECT_EQ(run1(s, {-1}, {plus | 15}, df, Overflow::kWrap), -1);
  }
}

TEST(RtlPe, ShiftSignCodes) {
  const ArraySpec s = spec(PeKind::kShift, 1, 1, 23);
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {100}, {0x00 | 3}, df, Overflow::kWrap), 0);     // s = 00: zero
    EXPECT_EQ(run1(s, {100}, {0x10 | 3}, df, Overflow::kWrap), 100 << 11);
    EXPECT_EQ(run1(s, {100}, {0x20 | 3}, df, Overflow::kWrap), 0);     // reserved 10: zero
    EXPECT_EQ(run1(s, {100}, {0x30 | 3}, df, Overflow::kWrap), -(100 << 11));
  }
}

TEST(RtlPe, ShiftSaturatesAndWraps) {
  const ArraySpec s = spec(PeKind::kShift, 1, 1, 23);  // range [-2^22, 2^22 - 1]; term -128 << 14 = -2^21
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {-128, -128, -128}, {0x10, 0x10, 0x10}, df, Overflow::kSaturate), -(1 << 22));
    EXPECT_EQ(run1(s, {-128, -128, -128}, {0x30, 0x30, 0x30}, df, Overflow::kSaturate), (1 << 22) - 1);
    EXPECT_EQ(run1(s, {-128, -128, -128}, {0x10, 0x10, 0x10}, df, Overflow::kWrap), 1 << 21);
  }
}

TEST(RtlPe, ShiftSmallFracRoundsEveryLargeExponent) {
  const ArraySpec s = spec(PeKind::kShift, 1, 1, 13, 4);  // F = 4: e in 5..15 round
  for (Dataflow df : kDataflows)
    for (int e = 0; e < 16; ++e)
      for (int64_t a : {-128, -77, -1, 0, 1, 77, 127}) {
        const int64_t want = (a * 16) >> e;  // arithmetic shift = floor
        EXPECT_EQ(run1(s, {a}, {0x10 | e}, df, Overflow::kWrap), want) << "a=" << a << " e=" << e;
        EXPECT_EQ(run1(s, {a}, {0x30 | e}, df, Overflow::kWrap), -want) << "a=" << a << " e=" << e;
      }
}

TEST(RtlPe, AddExtremes) {
  const ArraySpec s = spec(PeKind::kAdd, 1, 1, 10);  // range [-512, 511]
  for (Dataflow df : kDataflows) {
    EXPECT_EQ(run1(s, {-128}, {127}, df, Overflow::kWrap), -255);
    EXPECT_EQ(run1(s, {127}, {-128}, df, Overflow::kWrap), -255);
    EXPECT_EQ(run1(s, {-128}, {-128}, df, Overflow::kWrap), 0);
    EXPECT_EQ(run1(s, {-128, -128, -128}, {127, 127, 127}, df, Overflow::kSaturate), -512);
    EXPECT_EQ(run1(s, {-128, -128, -128}, {127, 127, 127}, df, Overflow::kWrap), -765 + 1024);
  }
}

}  // namespace
}  // namespace shiftadd::rtltest
