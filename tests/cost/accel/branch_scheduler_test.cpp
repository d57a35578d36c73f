// Branch scheduler: exact cycles for contention on the vector unit, shared DRAM bandwidth,
// tie-breaking by branch index, and a single branch equal to its serial sum.
#include <gtest/gtest.h>

#include "cost/accel/branch_scheduler.h"
#include "cost/accel/layer_cost.h"

namespace shiftadd {
namespace {

constexpr int kVec = kVectorResource;

TEST(BranchScheduler, SingleBranchIsTheSerialSum) {
  EXPECT_EQ(schedule_branches({{{0, 100, 0}, {kVec, 50, 0}, {0, 30, 3000}, {1, 7, 7}}}, 1000.0), 187);
  EXPECT_EQ(schedule_branches({{{0, 10, 0}}, {}}, 1.0), 10);  // an identity branch adds nothing
  EXPECT_EQ(schedule_branches({}, 1.0), 0);
}

TEST(BranchScheduler, BranchesContendForTheVectorUnit) {
  // b1's array task ends at 5 and takes the vector unit until 25; b0 waits from 10 to 25: 45
  // (the ideal overlap bound would say max(30, 25, 40 vector cycles) = 40).
  EXPECT_EQ(schedule_branches({{{0, 10, 0}, {kVec, 20, 0}}, {{1, 5, 0}, {kVec, 20, 0}}}, 1e9), 45);
  // Both ready at 0 for the vector unit: branch 0 goes first (40), not branch 1 (would give 50).
  EXPECT_EQ(schedule_branches({{{kVec, 10, 0}, {0, 30, 0}}, {{kVec, 10, 0}, {1, 5, 0}}}, 1e9), 40);
  // On disjoint resources they overlap fully.
  EXPECT_EQ(schedule_branches({{{0, 100, 0}}, {{1, 60, 0}}}, 1e9), 100);
}

TEST(BranchScheduler, BranchesShareDramBandwidthMaxMinFairly) {
  // 10 B/cycle; each wants 8 B/cycle: 5 each, both slowed to 5/8: 160 cycles.
  EXPECT_EQ(schedule_branches({{{0, 100, 800}}, {{1, 100, 800}}}, 10.0), 160);
  // Demands 8 and 2 fit together in 10: no slowdown.
  EXPECT_EQ(schedule_branches({{{0, 100, 800}}, {{1, 100, 200}}}, 10.0), 100);
  // Demands 8 and 4: b1 gets its 4, b0 the other 6 (speed 0.75) until b1 ends at 50 (b0 at 37.5
  // of 100), then b0 alone: 50 + 62.5 = 112.5 -> 113.
  EXPECT_EQ(schedule_branches({{{0, 100, 800}}, {{1, 50, 200}}}, 10.0), 113);
}

}  // namespace
}  // namespace shiftadd
