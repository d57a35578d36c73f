// The variant table: what is built, how a spec is matched, and the error for a missing variant.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
