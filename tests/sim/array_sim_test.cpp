// The SystemC session: time advanced per job, many specs in one process, bit-exact results,
// timing-only mode, determinism and input errors.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "core/rng.h"
#include "sim/array_sim.h"
#include "tests/sim/sim_session.h"
#include "cost/fold_plan.h"
#include "cost/random_job.h"
#include "cost/reference_gemm.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

using testutil::spec;

TEST(ArraySim, AdvancesSystemCTimeByTotalCyclesTimesPeriod) {
  ArraySim& sim = testutil::sim_session();
  sim.set_clock_mhz(250);
  EXPECT_EQ(sim.clock_period_ps(), 4000);
  Rng rng(1);
  for (Dataflow df : {Dataflow::kWS, Dataflow::kOS}) {
    const ArraySpec s = spec(PeKind::kMult, df, 4, 3, 32, Overflow::kWrap);
    const GemmJob job = random_gemm_job(s, 5, 9, 7, rng);
    const int64_t before = sim.now_ps();
    const ArrayRunResult r = sim.run(s, job);
    EXPECT_EQ(r.total_cycles, total_cycles(4, 3, df, 5, 9, 7));
    EXPECT_EQ(r.sim_time_ps, r.total_cycles * 4000);
    EXPECT_EQ(sim.now_ps() - before, r.sim_time_ps);
  }
  sim.set_clock_mhz(1000);
  const ArraySpec s = spec(PeKind::kAdd, Dataflow::kWS, 2, 2, 32, Overflow::kWrap);
  GemmJob one;
  one.M = one.K = one.N = 1;
  EXPECT_EQ(sim.run(s, one, true).sim_time_ps, (2 * 2 + 2 + 1 - 2) * 1000);
}

TEST(ArraySim, ServesManySpecsInOneProcess) {
  ArraySim& sim = testutil::sim_session();
  Rng rng(2);
  int runs = 0;
  for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd})
    for (int R : {1, 3, 8}) {
      const ArraySpec s = spec(k, R == 3 ? Dataflow::kOS : Dataflow::kWS, R, 9 - R, 32, Overflow::kWrap);
      const GemmJob job = random_gemm_job(s, 6, 7, 5, rng);
      EXPECT_EQ(sim.run(s, job).c, reference_gemm(s, job));
      ++runs;
    }
  EXPECT_EQ(runs, 9);
}

struct Combo {
  PeKind pe;
  Dataflow df;
  Overflow ovf;
};

class Functional : public ::testing::TestWithParam<Combo> {};

// Random shapes (not multiples of the array, degenerate M/K/N = 1) with random and extreme operands
// on accumulators as narrow as the config allows.
TEST_P(Functional, MatchesReferenceOnRandomAndSaturatingJobs) {
  const Combo c = GetParam();
  const int narrow = c.pe == PeKind::kMult ? 16 : c.pe == PeKind::kShift ? 23 : 10;
  ArraySim& sim = testutil::sim_session();
  Rng rng(100 + int(c.pe) * 7 + int(c.df) * 3 + int(c.ovf));
  int64_t clamped = 0;
  for (int i = 0; i < 40; ++i) {
    const int acc = i % 2 ? narrow : 32;
    const ArraySpec s = spec(c.pe, c.df, int(rng.uniform_int(1, 5)), int(rng.uniform_int(1, 5)), acc, c.ovf);
    const int64_t M = i % 10 == 0 ? 1 : rng.uniform_int(1, 12);
    const int64_t K = i % 10 == 1 ? 1 : rng.uniform_int(1, 60);
    const int64_t N = i % 10 == 2 ? 1 : rng.uniform_int(1, 12);
    const GemmJob job = i % 3 ? extreme_gemm_job(s, M, K, N, rng) : random_gemm_job(s, M, K, N, rng);
    const ArrayRunResult r = sim.run(s, job);
    const std::vector<int64_t> ref = reference_gemm(s, job);
    ASSERT_EQ(r.c, ref) << "job " << i << " " << M << "x" << K << "x" << N << " acc" << acc;
    const int64_t hi = (int64_t(1) << (acc - 1)) - 1;
    clamped += std::count_if(ref.begin(), ref.end(), [&](int64_t v) { return v == hi || v == -hi - 1; });
  }
  if (c.ovf == Overflow::kSaturate) {
    EXPECT_GT(clamped, 0) << "the extreme jobs should saturate some outputs";
  }
}

std::vector<Combo> all_combos() {
  std::vector<Combo> v;
  for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd})
    for (Dataflow d : {Dataflow::kWS, Dataflow::kOS})
      for (Overflow o : {Overflow::kWrap, Overflow::kSaturate}) v.push_back({k, d, o});
  return v;
}

INSTANTIATE_TEST_SUITE_P(AllKinds, Functional, ::testing::ValuesIn(all_combos()),
                         [](const ::testing::TestParamInfo<Combo>& i) {
                           return std::string(to_string(i.param.pe)) + "_" + to_string(i.param.df) + "_" +
                                  to_string(i.param.ovf);
                         });

TEST(ArraySim, TimingOnlyGivesSameCyclesAndEventsWithoutResult) {
  ArraySim& sim = testutil::sim_session();
  Rng rng(3);
  for (const Combo& c : all_combos()) {
    const ArraySpec s = spec(c.pe, c.df, 4, 6, 32, c.ovf);
    const GemmJob job = random_gemm_job(s, 13, 11, 17, rng);
    const ArrayRunResult f = sim.run(s, job, false);
    const ArrayRunResult t = sim.run(s, job, true);
    GemmJob shape_only;
    shape_only.M = 13, shape_only.K = 11, shape_only.N = 17;
    const ArrayRunResult t2 = sim.run(s, shape_only, true);
    EXPECT_TRUE(t.c.empty());
    EXPECT_EQ(f.c.size(), size_t(13 * 17));
    for (const ArrayRunResult* x : {&t, &t2}) {
      EXPECT_EQ(x->events, f.events);
      EXPECT_EQ(x->total_cycles, f.total_cycles);
      EXPECT_EQ(x->compute_cycles, f.compute_cycles);
      EXPECT_EQ(x->folds, f.folds);
      EXPECT_EQ(x->sim_time_ps, f.sim_time_ps);
      EXPECT_DOUBLE_EQ(x->utilization, f.utilization);
    }
  }
}

TEST(ArraySim, DeterministicForSameSeed) {
  ArraySim& sim = testutil::sim_session();
  const ArraySpec s = spec(PeKind::kShift, Dataflow::kOS, 3, 5, 23, Overflow::kSaturate);
  Rng r1(42), r2(42);
  const GemmJob j1 = extreme_gemm_job(s, 9, 30, 8, r1), j2 = extreme_gemm_job(s, 9, 30, 8, r2);
  EXPECT_EQ(j1.A, j2.A);
  EXPECT_EQ(j1.B, j2.B);
  const ArrayRunResult a = sim.run(s, j1), b = sim.run(s, j2);
  EXPECT_EQ(a.c, b.c);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.sim_time_ps, b.sim_time_ps);
}

TEST(ArraySim, RejectsBadInputWithoutBreakingTheSession) {
  ArraySim& sim = testutil::sim_session();
  ArraySpec s = spec(PeKind::kMult, Dataflow::kWS, 2, 2, 32, Overflow::kWrap);
  GemmJob job;
  job.M = 1, job.K = 1, job.N = 1;
  job.A = {200};  // does not fit 8 bits
  job.B = {1};
  EXPECT_THROW(sim.run(s, job), InputError);
  GemmJob empty;
  EXPECT_THROW(sim.run(s, empty, true), InputError);
  ArraySpec narrow = s;
  narrow.acc_bits = 15;  // < a_bits + w_bits
  job.A = {1};
  EXPECT_THROW(sim.run(narrow, job), InputError);
  ArraySpec unknown = s;
  unknown.impl = "wavefront";
  try {
    sim.run(unknown, job);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("systolic"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sim.run(s, job).c, std::vector<int64_t>{1});  // still usable
}

TEST(ArraySim, SecondSessionInOneProcessIsRefused) {
  testutil::sim_session();
  EXPECT_THROW(ArraySim second, InputError);
}

}  // namespace
}  // namespace shiftadd
