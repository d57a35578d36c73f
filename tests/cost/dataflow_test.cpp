// Event counts against hand-computed values, phases against the cycle formula, fold classes
// against the explicit fold plan.
#include <gtest/gtest.h>

#include "cost/array/array_model.h"
#include "cost/dataflow/dataflow_model.h"
#include "cost/fold_classes.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

using testutil::spec;

ArrayEvents events_of(const ArraySpec& s, int64_t M, int64_t K, int64_t N) {
  GemmJob job;
  job.M = M, job.K = K, job.N = N;
  return array_model_registry().make("systolic")->run(s, job, true).events;
}

TEST(DataflowRegistry, NamesAndUnknown) {
  EXPECT_EQ(dataflow_registry().names(), (std::vector<std::string>{"ws", "os"}));  // registration order
  EXPECT_EQ(make_dataflow_model(Dataflow::kOS)->kind(), Dataflow::kOS);
  EXPECT_THROW(dataflow_registry().make("rs"), InputError);
  EXPECT_EQ(array_model_registry().names(), std::vector<std::string>{"systolic"});
}

// 2x2 array, 3x3x3 job: four folds (2x2, 1x2, 2x1, 1x1 used PEs), worked out by hand from the table
// in docs/hardware.md.
TEST(Events, WeightStationaryHandComputed) {
  const ArraySpec s = spec(PeKind::kMult, Dataflow::kWS, 2, 2, 32, Overflow::kWrap);
  const ArrayEvents e = events_of(s, 3, 3, 3);
  EXPECT_EQ(e.pe_ops, 27);
  EXPECT_EQ(e.words_in_a, 18);
  EXPECT_EQ(e.words_in_b, 9);
  EXPECT_EQ(e.words_in_psum, 9);
  EXPECT_EQ(e.words_out, 18);
  EXPECT_EQ(e.operand_reg_reads, 54);
  EXPECT_EQ(e.operand_reg_writes, 36);
  EXPECT_EQ(e.acc_updates, 27);
  EXPECT_EQ(e.pe_transfers, 21);
  EXPECT_EQ(e.psum_transfers, 9);
}

TEST(Events, OutputStationaryHandComputed) {
  const ArraySpec s = spec(PeKind::kAdd, Dataflow::kOS, 2, 2, 32, Overflow::kWrap);
  const ArrayEvents e = events_of(s, 3, 3, 3);
  EXPECT_EQ(e.pe_ops, 27);
  EXPECT_EQ(e.words_in_a, 18);
  EXPECT_EQ(e.words_in_b, 18);
  EXPECT_EQ(e.words_in_psum, 0);
  EXPECT_EQ(e.words_out, 9);
  EXPECT_EQ(e.operand_reg_reads, 54);
  EXPECT_EQ(e.operand_reg_writes, 54);
  EXPECT_EQ(e.acc_updates, 27);
  EXPECT_EQ(e.pe_transfers, 21);
  EXPECT_EQ(e.psum_transfers, 3);
}

TEST(Events, SingleFoldWsPerTable) {
  // 4x3 array fully used by K=4, N=3, M=5: one fold.
  const ArraySpec s = spec(PeKind::kShift, Dataflow::kWS, 4, 3, 32, Overflow::kWrap);
  const ArrayEvents e = events_of(s, 5, 4, 3);
  EXPECT_EQ(e.pe_ops, 4 * 3 * 5);
  EXPECT_EQ(e.words_in_psum, 0);
  EXPECT_EQ(e.operand_reg_writes, 60 + 12);
  EXPECT_EQ(e.pe_transfers, 5 * 4 * 2 + 5 * 3 * 3 + 3 * 4 * 3 / 2);
}

TEST(Cycles, HandComputedTotals) {
  const auto run = [](const ArraySpec& s, int64_t M, int64_t K, int64_t N) {
    GemmJob job;
    job.M = M, job.K = K, job.N = N;
    return array_model_registry().make("systolic")->run(s, job, true);
  };
  const ArrayRunResult ws = run(spec(PeKind::kMult, Dataflow::kWS, 2, 2, 32, Overflow::kWrap), 3, 3, 3);
  EXPECT_EQ(ws.folds, 4);
  EXPECT_EQ(ws.compute_cycles, 4 * 7);
  EXPECT_EQ(ws.total_cycles, 28);
  EXPECT_DOUBLE_EQ(ws.utilization, 27.0 / (4 * 28));
  const ArrayRunResult os = run(spec(PeKind::kMult, Dataflow::kOS, 2, 2, 32, Overflow::kWrap), 3, 3, 3);
  EXPECT_EQ(os.compute_cycles, 4 * 5);
  EXPECT_EQ(os.total_cycles, 22);
  // Boundaries: exactly one fold, one more row than fits, degenerate M=K=N=1.
  EXPECT_EQ(run(spec(PeKind::kAdd, Dataflow::kWS, 4, 4, 32, Overflow::kWrap), 1, 4, 4).folds, 1);
  EXPECT_EQ(run(spec(PeKind::kAdd, Dataflow::kWS, 4, 4, 32, Overflow::kWrap), 1, 5, 4).folds, 2);
  EXPECT_EQ(run(spec(PeKind::kAdd, Dataflow::kWS, 4, 4, 32, Overflow::kWrap), 1, 1, 1).total_cycles, 2 * 4 + 4 + 1 - 2);
  EXPECT_EQ(run(spec(PeKind::kAdd, Dataflow::kOS, 4, 4, 32, Overflow::kWrap), 1, 1, 1).total_cycles, 4 + 4 + 1 - 2 + 4);
}

class FoldShapes : public ::testing::TestWithParam<std::tuple<Dataflow, int, int>> {};

TEST_P(FoldShapes, ClassesPhasesAndDrainAgreeWithFoldPlan) {
  const auto [df, R, C] = GetParam();
  const ArraySpec s = spec(PeKind::kMult, df, R, C, 32, Overflow::kWrap);
  const auto dfm = make_dataflow_model(df);
  for (int64_t M : {1, 3, 8, 17})
    for (int64_t K : {1, 4, 9})
      for (int64_t N : {1, 5, 12}) {
        ArrayEvents by_fold, by_class;
        for (const Fold& f : plan_folds(R, C, df, M, K, N)) {
          by_fold += dfm->fold_events(s, f);
          int64_t phase_cycles = 0;
          for (const PhaseSpan& p : dfm->fold_phases(s, f)) phase_cycles += p.cycles;
          ASSERT_EQ(phase_cycles, fold_cycles(R, C, df, f.temporal));
        }
        int64_t count = 0;
        for (const FoldClass& fc : fold_classes(R, C, df, M, K, N)) {
          by_class += dfm->fold_events(s, fc.fold).scaled(fc.count);
          count += fc.count;
        }
        ASSERT_EQ(by_fold, by_class) << M << "x" << K << "x" << N;
        ASSERT_EQ(count, fold_count(R, C, df, M, K, N));
        ASSERT_EQ(by_fold.pe_ops, M * K * N);
        ASSERT_EQ(compute_cycles(R, C, df, M, K, N) + dfm->final_drain_cycles(s.rows), total_cycles(R, C, df, M, K, N));
        GemmJob job;
        job.M = M, job.K = K, job.N = N;
        int64_t sched = 0;
        for (const ScheduleStep& st : array_model_registry().make("systolic")->schedule(s, job)) sched += st.cycles;
        ASSERT_EQ(sched, total_cycles(R, C, df, M, K, N));
      }
}

INSTANTIATE_TEST_SUITE_P(Shapes, FoldShapes,
                         ::testing::Combine(::testing::Values(Dataflow::kWS, Dataflow::kOS), ::testing::Values(1, 3, 4),
                                            ::testing::Values(1, 2, 5)),
                         [](const ::testing::TestParamInfo<std::tuple<Dataflow, int, int>>& i) {
                           return std::string(to_string(std::get<0>(i.param))) + "_" +
                                  std::to_string(std::get<1>(i.param)) + "x" + std::to_string(std::get<2>(i.param));
                         });

}  // namespace
}  // namespace shiftadd
