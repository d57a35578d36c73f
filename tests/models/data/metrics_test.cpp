// Accuracy and the copy-input BLEU baseline.
#include "models/data/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace shiftadd::data {
namespace {

TEST(Metrics, Accuracy) {
  EXPECT_DOUBLE_EQ(accuracy({1, 2, 3, 4}, {1, 2, 0, 4}), 0.75);
  EXPECT_THROW(accuracy({1}, {1, 2}), InputError);
  EXPECT_THROW(accuracy({}, {}), InputError);
  Eigen::MatrixXf logits(3, 3);
  logits << 0.1f, 0.9f, 0.0f,  //
      2.0f, 2.0f, 1.0f,        // tie: first maximum wins
      -1.0f, -3.0f, -0.5f;
  EXPECT_EQ(argmax_rows(logits), (std::vector<int32_t>{1, 0, 2}));
  EXPECT_NEAR(accuracy_from_logits(logits, {1, 1, 2}), 2.0 / 3.0, 1e-12);
}

TEST(Metrics, CopyInputBaselineUsesAllReferences) {
  // Group 1: source "a b c d" is also a reference -> full credit for 4 tokens.
  // Group 2: "x y z w" shares nothing with "p q r s".
  // Counts 1g 4/8, 2g 3/6, 3g 2/4, 4g 1/2; BP 1 -> BLEU = 100 * (1/16)^(1/4) = 50.
  const std::vector<PhraseGroup> groups = {{"a b c d", {"e f", "a b c d"}},
                                           {"x y z w", {"p q r s"}}};
  const BleuScore s = copy_input_bleu(groups);
  EXPECT_NEAR(s.score, 50.0, 1e-9);
  EXPECT_NEAR(phrase_bleu({"a b c d", "p q r s"}, groups).score, 100.0, 1e-9);
}

}  // namespace
}  // namespace shiftadd::data
