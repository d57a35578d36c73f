#include "search/pareto.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"

namespace shiftadd::search {
namespace {

TEST(Pareto, DominatesNeedsOneStrictlyBetterObjective) {
  EXPECT_TRUE(dominates({1, 2}, {1, 3}));
  EXPECT_FALSE(dominates({1, 2}, {1, 2}));
  EXPECT_FALSE(dominates({0, 3}, {1, 2}));
}

TEST(Pareto, FrontsPeelLayers) {
  const std::vector<Point> p{{1, 5}, {2, 2}, {5, 1}, {3, 3}, {6, 6}, {2, 2}};
  const auto f = nondominated_fronts(p);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0], (std::vector<int>{0, 1, 2, 5}));  // equal points share a front
  EXPECT_EQ(f[1], (std::vector<int>{3}));
  EXPECT_EQ(f[2], (std::vector<int>{4}));
}

// first_front sweeps 1 to 3 objectives in O(n log n); it must equal the definition: the points no
// other point dominates (identical points kept together), on coarse random grids full of ties.
TEST(Pareto, FirstFrontSweepMatchesPairwiseDominanceWithTies) {
  Rng rng(11);
  for (int dims = 1; dims <= 3; ++dims)
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<Point> pts(size_t(rng.uniform_int(1, 60)));
      for (auto& p : pts)
        for (int d = 0; d < dims; ++d) p.push_back(double(rng.uniform_int(0, 5)));
      std::vector<int> expect;
      for (size_t i = 0; i < pts.size(); ++i) {
        bool dominated = false;
        for (size_t j = 0; j < pts.size(); ++j) dominated = dominated || dominates(pts[j], pts[i]);
        if (!dominated) expect.push_back(int(i));
      }
      EXPECT_EQ(first_front(pts), expect) << dims << " objectives, trial " << trial;
      EXPECT_EQ(nondominated_fronts(pts).at(0), expect);
    }
}

TEST(Pareto, CrowdingIsInfiniteAtTheEndsAndOrdersTheMiddle) {
  const std::vector<Point> p{{0, 10}, {1, 9}, {5, 5}, {10, 0}};
  const std::vector<double> d = crowding_distance(p, {0, 1, 2, 3});
  EXPECT_TRUE(std::isinf(d[0]) && std::isinf(d[3]));
  EXPECT_NEAR(d[1], 0.5 + 0.5, 1e-12);  // (5-0)/10 + (10-5)/10
  EXPECT_NEAR(d[2], 0.9 + 0.9, 1e-12);  // (10-1)/10 + (9-0)/10
}

// Brute force: count the unit cells of an integer grid dominated by some point.
double grid_volume(const std::vector<Point>& p, const Point& ref) {
  double v = 0;
  const int n = int(ref.size());
  for (int x = 0; x < int(ref[0]); ++x)
    for (int y = 0; y < int(ref[1]); ++y)
      for (int z = 0; z < (n == 3 ? int(ref[2]) : 1); ++z) {
        bool dom = false;
        for (const Point& q : p) dom = dom || (q[0] <= x && q[1] <= y && (n < 3 || q[2] <= z));
        v += dom;
      }
  return v;
}

TEST(Pareto, HypervolumeMatchesGridCountIn2dAnd3d) {
  Rng rng(3);
  for (int dims : {2, 3})
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<Point> p;
      for (int i = 0; i < 7; ++i) {
        Point q;
        for (int d = 0; d < dims; ++d) q.push_back(double(rng.uniform_int(0, 12)));
        p.push_back(q);
      }
      const Point ref(size_t(dims), 10.0);  // some points lie outside the reference box
      EXPECT_DOUBLE_EQ(hypervolume(p, ref), grid_volume(p, ref)) << dims << "-D trial " << trial;
    }
}

TEST(Pareto, HypervolumeIgnoresPointsOutsideTheReference) {
  EXPECT_EQ(hypervolume({{11, 1}}, {10, 10}), 0.0);
  EXPECT_EQ(hypervolume({{2}, {4}}, {10}), 8.0);
}

}  // namespace
}  // namespace shiftadd::search
