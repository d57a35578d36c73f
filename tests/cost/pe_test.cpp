// PE terms against the reference, registry lookups, exact kernels and overflow handling.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/rng.h"
#include "cost/exact_gemm.h"
#include "cost/functional_gemm.h"
#include "cost/pe/pe_model.h"
#include "cost/random_job.h"
#include "cost/reference_gemm.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

using testutil::spec;

TEST(PeRegistry, ListsTheThreeKindsAndRejectsUnknown) {
  EXPECT_EQ(pe_registry().names(), (std::vector<std::string>{"mult", "shift", "add"}));  // registration order
  for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) EXPECT_EQ(make_pe_model(k)->kind(), k);
  try {
    pe_registry().make("booth");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown implementation 'booth'"), std::string::npos);
  }
}

TEST(PeModel, OpNamesAndWidths) {
  const ArraySpec m = spec(PeKind::kMult, Dataflow::kWS, 4, 4, 32, Overflow::kWrap, 8, 12);
  EXPECT_STREQ(make_pe_model(PeKind::kMult)->op_name(), "mult");
  EXPECT_EQ(make_pe_model(PeKind::kMult)->op_bits(m), 12);
  EXPECT_STREQ(make_pe_model(PeKind::kShift)->op_name(), "shift");
  EXPECT_EQ(make_pe_model(PeKind::kShift)->op_bits(m), 8);
  EXPECT_STREQ(make_pe_model(PeKind::kAdd)->op_name(), "add");
}

TEST(PeModel, MultAndAddTermsMatchReferenceExhaustively) {
  for (PeKind k : {PeKind::kMult, PeKind::kAdd}) {
    const ArraySpec s = spec(k, Dataflow::kWS, 4, 4, 16, Overflow::kWrap, 5, 4);
    const auto pe = make_pe_model(k);
    for (int64_t a = -16; a <= 15; ++a)
      for (int64_t b = -8; b <= 7; ++b) ASSERT_EQ(pe->term(s, a, b), pe_term(s, a, b)) << to_string(k) << a << "," << b;
  }
}

TEST(PeModel, ShiftTermsMatchReferenceForEveryCodeAndFracWidth) {
  const auto pe = make_pe_model(PeKind::kShift);
  for (int F : {0, 1, 7, 14, 15}) {
    const ArraySpec s = spec(PeKind::kShift, Dataflow::kWS, 2, 2, 40, Overflow::kWrap, 6, 8, F);
    for (int64_t a = -32; a <= 31; ++a)
      for (int64_t code = 0; code < 64; ++code) ASSERT_EQ(pe->term(s, a, code), pe_term(s, a, code)) << F << " " << a << " " << code;
  }
}

TEST(PeModel, ShiftSpotValues) {
  const ArraySpec s = spec(PeKind::kShift, Dataflow::kWS, 2, 2, 32, Overflow::kWrap, 8, 8, 14);
  const auto pe = make_pe_model(PeKind::kShift);
  EXPECT_EQ(pe->term(s, 3, encode_shift_code(1, 0)), 3 << 14);
  EXPECT_EQ(pe->term(s, 3, encode_shift_code(-1, 2)), -(3 << 12));
  EXPECT_EQ(pe->term(s, -3, encode_shift_code(1, 15)), -2);  // floor(-3/2) = -2, sign after rounding
  EXPECT_EQ(pe->term(s, -3, encode_shift_code(-1, 15)), 2);
  EXPECT_EQ(pe->term(s, 100, 0x25), 0);  // reserved sign 2'b10 means zero
}

TEST(ExactGemm, AllPrecisionPathsMatchNaiveProduct) {
  Rng rng(5);
  for (int64_t mag : {int64_t(100), int64_t(1) << 30, int64_t(1) << 50}) {  // int32, double, int64 paths
    const int64_t M = 7, K = 13, N = 5;
    std::vector<int64_t> A(M * K), W(K * N), ref(M * N, 0);
    for (auto& x : A) x = rng.uniform_int(-mag, mag);
    for (auto& x : W) x = rng.uniform_int(-100, 100);
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n)
        for (int64_t k = 0; k < K; ++k) ref[m * N + n] += A[m * K + k] * W[k * N + n];
    EXPECT_EQ(exact_int_gemm(M, K, N, A, W), ref) << mag;
  }
}

TEST(FunctionalGemm, WrapToBits) {
  EXPECT_EQ(wrap_to_bits(127, 8), 127);
  EXPECT_EQ(wrap_to_bits(128, 8), -128);
  EXPECT_EQ(wrap_to_bits(-129, 8), 127);
  EXPECT_EQ(wrap_to_bits(int64_t(1) << 40, 16), 0);
}

TEST(FunctionalGemm, SaturationDependsOnOrderAndIsReplayed) {
  // acc 16: 127*127*3 overflows upward then a large negative term comes back down.
  ArraySpec s = spec(PeKind::kMult, Dataflow::kWS, 2, 2, 16, Overflow::kSaturate);
  GemmJob job;
  job.M = 1, job.K = 4, job.N = 1;
  job.A = {127, 127, 127, -128};
  job.B = {127, 127, 127, 127};
  FunctionalStats st;
  const auto c = functional_gemm(*make_pe_model(PeKind::kMult), s, job, &st);
  EXPECT_EQ(c[0], 32767 - 128 * 127);  // clamped at 32767 before the negative term
  EXPECT_EQ(c, reference_gemm(s, job));
  EXPECT_EQ(st.sequential_outputs, 1);
  s.overflow = Overflow::kWrap;
  EXPECT_EQ(functional_gemm(*make_pe_model(PeKind::kMult), s, job), reference_gemm(s, job));
}

TEST(FunctionalGemm, AddSaturatesMonotonically) {
  const ArraySpec s = spec(PeKind::kAdd, Dataflow::kOS, 2, 2, 10, Overflow::kSaturate);
  Rng rng(9);
  const GemmJob job = extreme_gemm_job(s, 5, 40, 3, rng);
  const auto c = functional_gemm(*make_pe_model(PeKind::kAdd), s, job);
  EXPECT_EQ(c, reference_gemm(s, job));
  EXPECT_EQ(std::count(c.begin(), c.end(), -512), int64_t(c.size()));  // every output pinned at lo
}

TEST(FunctionalGemm, AddKernelBlocksAndWideOperands) {
  Rng rng(11);
  // 8-bit: 16-bit lanes flushed every 257 terms (K = 600 spans three blocks); 16-bit: int64 lanes.
  for (int bits : {8, 16}) {
    const ArraySpec s = spec(PeKind::kAdd, Dataflow::kWS, 4, 4, 48, Overflow::kWrap, bits, bits);
    const GemmJob job = extreme_gemm_job(s, 3, 600, 35, rng);
    EXPECT_EQ(functional_gemm(*make_pe_model(PeKind::kAdd), s, job), reference_gemm(s, job)) << bits;
  }
}

TEST(FunctionalGemm, ShiftRoundedCodesUseDenseAndSparsePaths) {
  for (int F : {0, 13, 14}) {
    const ArraySpec s = spec(PeKind::kShift, Dataflow::kWS, 4, 4, 40, Overflow::kWrap, 8, 8, F);
    Rng rng(F + 1);
    const GemmJob job = random_gemm_job(s, 9, 33, 11, rng);  // F = 0: mostly e > F (dense); 14: sparse
    EXPECT_EQ(functional_gemm(*make_pe_model(PeKind::kShift), s, job), reference_gemm(s, job)) << F;
  }
}

}  // namespace
}  // namespace shiftadd
