// The RTL cross-check over the checked-in cross-check configs: >= 200 jobs per PE kind x dataflow
// on each, RTL and SystemC against each other and the reference, zero mismatches allowed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bitset>
#include <sstream>

#include "rtl/crosscheck.h"
#include "tests/sim/sim_session.h"
#include "cost/hw_config.h"

namespace shiftadd {
namespace {

std::vector<ArraySpec> arrays_of(const std::string& cfg) {
  return load_hw_config(std::string(SHIFTADD_SOURCE_DIR) + "/configs/hw/" + cfg).arrays;
}

// 3 kinds x 2 dataflows x 2 overflows = 12 groups; 100 jobs each = 200 per kind x dataflow.
void check_config(const std::string& cfg, bool expect_overflow_everywhere) {
  CrosscheckOptions opt;
  opt.systemc = &testutil::sim_session();
  opt.cases = 1200;
  opt.seed = 1;
  std::ostringstream log;
  const CrosscheckReport r = run_crosscheck(arrays_of(cfg), opt, &log);
  EXPECT_TRUE(r.ok()) << log.str();
  EXPECT_EQ(r.mismatch_count, 0);
  EXPECT_EQ(r.jobs, 1200);
  ASSERT_EQ(r.groups.size(), 12u);
  for (const auto& g : r.groups) {
    EXPECT_EQ(g.jobs, 100) << g.array;
    EXPECT_GT(g.degenerate_jobs, 0) << g.array;
    EXPECT_GT(g.ragged_jobs, 0) << g.array;
    if (expect_overflow_everywhere || g.kind != PeKind::kAdd) {
      EXPECT_GT(g.overflowed_jobs, 0) << g.array;
    }
  }
  EXPECT_EQ(std::bitset<64>(r.shift_codes_seen).count(), 64u);
}

TEST(Crosscheck, Narrow4x4NoMismatch) { check_config("xcheck_4x4_narrow.yaml", true); }

TEST(Crosscheck, Wide8x5NoMismatch) { check_config("xcheck_8x5.yaml", false); }

TEST(Crosscheck, ReportsTamperedWordAndCycles) {
  CrosscheckOptions opt;
  opt.systemc = &testutil::sim_session();
  opt.cases = 24;
  opt.seed = 5;
  opt.tamper = [](int64_t job, std::vector<int64_t>& c, int64_t& cycles) {
    if (job == 7) c.at(0) += 1;
    if (job == 9) cycles += 2;
  };
  std::ostringstream log;
  const CrosscheckReport r = run_crosscheck(arrays_of("xcheck_8x5.yaml"), opt, &log);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.failed_jobs, 2);
  ASSERT_EQ(r.mismatches.size(), 2u);
  const auto& w = r.mismatches[0];
  EXPECT_EQ(w.job, 7);
  EXPECT_EQ(w.model, "rtl");
  EXPECT_EQ(w.what, "word");
  EXPECT_EQ(w.m, 0);
  EXPECT_EQ(w.n, 0);
  EXPECT_EQ(w.got, w.expected + 1);
  const auto& c = r.mismatches[1];
  EXPECT_EQ(c.job, 9);
  EXPECT_EQ(c.what, "cycles");
  EXPECT_EQ(c.got, c.expected + 2);
  EXPECT_THAT(log.str(), ::testing::HasSubstr("MISMATCH job 7 array 'shift'"));
  EXPECT_THAT(log.str(), ::testing::HasSubstr("rtl C[0][0] expected"));
  std::ostringstream sum;
  print_crosscheck_summary(sum, r);
  EXPECT_THAT(sum.str(), ::testing::HasSubstr("2 mismatching jobs"));
  EXPECT_THAT(sum.str(), ::testing::HasSubstr("FAIL"));
  EXPECT_EQ(crosscheck_json(r)["mismatches"].size(), 2u);
}

TEST(Crosscheck, DeterministicFromSeed) {
  CrosscheckOptions opt;
  opt.systemc = &testutil::sim_session();
  opt.cases = 60;
  opt.seed = 42;
  const auto a = crosscheck_json(run_crosscheck(arrays_of("xcheck_4x4_narrow.yaml"), opt));
  const auto b = crosscheck_json(run_crosscheck(arrays_of("xcheck_4x4_narrow.yaml"), opt));
  EXPECT_EQ(a.dump(), b.dump());
  opt.seed = 43;
  const auto c = crosscheck_json(run_crosscheck(arrays_of("xcheck_4x4_narrow.yaml"), opt));
  EXPECT_NE(a["groups"].dump(), c["groups"].dump());
}

TEST(Crosscheck, RtlAloneMatchesReferenceOnSingleDataflow) {
  // RTL vs reference_gemm only (SystemC off), OS and saturate only.
  CrosscheckOptions opt;
  opt.systemc = &testutil::sim_session();
  opt.cases = 150;
  opt.systemc = nullptr;
  opt.dataflows = {Dataflow::kOS};
  opt.overflows = {Overflow::kSaturate};
  const CrosscheckReport r = run_crosscheck(arrays_of("xcheck_4x4_narrow.yaml"), opt);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.groups.size(), 3u);
  for (const auto& g : r.groups) EXPECT_EQ(g.dataflow, Dataflow::kOS);
}

TEST(Crosscheck, RejectsBadOptions) {
  CrosscheckOptions opt;
  opt.systemc = &testutil::sim_session();
  opt.cases = 0;
  EXPECT_THROW(run_crosscheck(arrays_of("xcheck_8x5.yaml"), opt), InputError);
  opt.cases = 5;
  EXPECT_THROW(run_crosscheck({}, opt), InputError);
}

}  // namespace
}  // namespace shiftadd
