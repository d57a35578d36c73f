// Exact-cycle boundary cases: the RTL must take exactly total_cycles() (sim/fold_plan.h) and
// produce reference_gemm() for degenerate and ragged shapes, in both dataflows.
#include <gtest/gtest.h>

#include <tuple>

#include "core/rng.h"
#include "rtl_test_util.h"
#include "cost/random_job.h"

namespace shiftadd::rtltest {
namespace {

struct Shape {
  int64_t M, K, N;
};

void check_shapes(const ArraySpec& s, const std::vector<Shape>& shapes) {
  auto rtl = make_rtl_array(s);
  Rng rng(7);
  for (const Shape& sh : shapes)
    for (Dataflow df : kDataflows)
      for (Overflow ovf : kOverflows) {
        const GemmJob j = random_gemm_job(s, sh.M, sh.K, sh.N, rng);
        const RtlRun r = rtl->run(j, df, ovf);
        const auto what = ::testing::Message() << describe_variant(s) << " " << to_string(df) << " "
                                               << to_string(ovf) << " M=" << sh.M << " K=" << sh.K
                                               << " N=" << sh.N;
        EXPECT_EQ(r.cycles, total_cycles(s.rows, s.cols, df, sh.M, sh.K, sh.N)) << what;
        EXPECT_EQ(r.c, ref(s, j, ovf)) << what;
      }
}

std::vector<Shape> boundary_shapes(int64_t R, int64_t C) {
  return {{1, 1, 1},         {1, 5, 3},         {3, 1, 4},         {4, 6, 1},         {2, R, C},
          {2, R + 1, C},     {R, R - 1, C + 1}, {R - 1, 2, C - 1}, {R + 1, R, C},     {2 * R, 2 * R, 2 * C},
          {2 * R + 1, 3, 1}, {1, 2 * R + 1, 2 * C + 1}};
}

TEST(RtlCycles, BoundaryShapes4x4) {
  for (PeKind k : kKinds) check_shapes(narrow(k), boundary_shapes(4, 4));
}

TEST(RtlCycles, BoundaryShapes8x5) {
  for (PeKind k : kKinds) check_shapes(wide8x5(k), boundary_shapes(8, 5));
}

TEST(RtlCycles, OneByOneArray) {
  check_shapes(spec(PeKind::kMult, 1, 1, 16), {{1, 1, 1}, {3, 1, 2}, {1, 4, 1}, {2, 3, 4}});
}

TEST(RtlCycles, WsAndOsFormulas) {
  // The formulas themselves, spelled out: WS 2R+C+M-2 per fold, OS R+C+K-2 per fold plus R.
  auto rtl = make_rtl_array(wide8x5(PeKind::kMult));
  Rng rng(3);
  const GemmJob j = random_gemm_job(wide8x5(PeKind::kMult), 6, 9, 7, rng);  // K=9 -> 2 row folds, N=7 -> 2
  EXPECT_EQ(rtl->run(j, Dataflow::kWS, Overflow::kWrap).cycles, 4 * (2 * 8 + 5 + 6 - 2));
  EXPECT_EQ(rtl->run(j, Dataflow::kOS, Overflow::kWrap).cycles, 2 * (8 + 5 + 9 - 2) + 8);  // M=6 -> 1 row fold
}

TEST(RtlCycles, BackToBackJobsOnOneModel) {
  // The same model serves jobs of any shape in any order (state left by one job never leaks).
  const ArraySpec s = narrow(PeKind::kAdd);
  auto rtl = make_rtl_array(s);
  Rng rng(11);
  for (int i = 0; i < 20; ++i) {
    const Dataflow df = kDataflows[i % 2];
    const Overflow ovf = kOverflows[(i / 2) % 2];
    const GemmJob j = random_gemm_job(s, rng.uniform_int(1, 9), rng.uniform_int(1, 9), rng.uniform_int(1, 9), rng);
    const RtlRun r = rtl->run(j, df, ovf);
    EXPECT_EQ(r.c, ref(s, j, ovf)) << i;
    EXPECT_EQ(r.cycles, total_cycles(4, 4, df, j.M, j.K, j.N)) << i;
  }
}

}  // namespace
}  // namespace shiftadd::rtltest
