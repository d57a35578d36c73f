// The variant table: what is built, how a spec is matched, and the error for a missing variant.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "core/error.h"
#include "rtl_test_util.h"

namespace shiftadd::rtltest {
namespace {

TEST(RtlVariants, CrosscheckArraysAreBuilt) {
  for (PeKind k : kKinds) {
    EXPECT_NO_THROW(make_rtl_array(narrow(k)));
    EXPECT_NO_THROW(make_rtl_array(wide8x5(k)));
  }
  EXPECT_GE(rtl_variants().size(), 6u);
}

TEST(RtlVariants, DataflowAndOverflowAreRuntimeInputs) {
  ArraySpec s = narrow(PeKind::kMult);
  s.dataflow = Dataflow::kOS;
  s.overflow = Overflow::kSaturate;
  EXPECT_NO_THROW(make_rtl_array(s));
}

TEST(RtlVariants, ShiftIgnoresWBitsButMatchesFracBits) {
  ArraySpec s = narrow(PeKind::kShift);
  s.w_bits = 4;  // not used by shift arrays
  EXPECT_NO_THROW(make_rtl_array(s));
  s.shift_frac_bits = 12;
  s.acc_bits = 23;
  EXPECT_THROW(make_rtl_array(s), InputError);
}

TEST(RtlVariants, MissingVariantListsBuiltOnes) {
  ArraySpec s = spec(PeKind::kMult, 7, 3, 32);
  s.name = "odd";
  try {
    make_rtl_array(s);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("no verilated RTL variant for array 'odd' (mult 7x3 a8 w8 acc32)"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("mult 4x4 a8 w8 acc16"));
    EXPECT_THAT(e.what(), ::testing::HasSubstr("shift 8x5 a8 F14 acc32"));
  }
}

TEST(RtlVariants, InvalidJobIsRejected) {
  auto rtl = make_rtl_array(narrow(PeKind::kMult));
  EXPECT_THROW(rtl->run(job_of(1, 1, 1, {200}, {1}), Dataflow::kWS, Overflow::kWrap), InputError);
  EXPECT_THROW(rtl->run(job_of(1, 2, 1, {1}, {1}), Dataflow::kWS, Overflow::kWrap), InputError);
}

}  // namespace
}  // namespace shiftadd::rtltest

namespace shiftadd::rtltest {
namespace {

TEST(RtlVariants, VcdDumpsEveryCycle) {
  const std::string path = ::testing::TempDir() + "rtl_vcd_test.vcd";
  {
    auto rtl = make_rtl_array(narrow(PeKind::kShift));
    rtl->enable_vcd(path);
    const RtlRun r = rtl->run(job_of(1, 1, 1, {3}, {0x10}), Dataflow::kOS, Overflow::kWrap);
    EXPECT_EQ(r.c, std::vector<int64_t>{3 << 14});
  }  // closes the file
  std::ifstream in(path);
  ASSERT_TRUE(in.good());
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, ::testing::HasSubstr("$enddefinitions"));
  EXPECT_THAT(text, ::testing::HasSubstr(" o_last "));
  // 1x1 job on 4x4 OS: R+C+K-2 = 7 cycles plus R = 4, two dumps per cycle.
  EXPECT_THAT(text, ::testing::HasSubstr("\n#21\n"));
}

TEST(RtlVariants, VcdBadPathIsDataError) {
  auto rtl = make_rtl_array(narrow(PeKind::kMult));
  EXPECT_THROW(rtl->enable_vcd("/nonexistent-dir/x.vcd"), DataError);
}

}  // namespace
}  // namespace shiftadd::rtltest
