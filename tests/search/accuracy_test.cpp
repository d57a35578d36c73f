#include "search/accuracy/accuracy_estimator.h"

#include <gtest/gtest.h>

namespace shiftadd::search {
namespace {

// Scores depend only on the subnet: not on the worker, nor on what was evaluated before (BN
// recalibration recomputes every statistic on the path).
TEST(CvSupernetAccuracy, ScoresDoNotDependOnWorkerOrHistory) {
  AccuracySpec s;
  s.impl = "cv_supernet";
  s.data_dir = "/usr/share/datasets/fashion-mnist";
  s.valid_samples = 200;
  s.bn_recalib_batches = 1;
  const std::string src = SHIFTADD_SOURCE_DIR;
  auto est = accuracy_registry().make("cv_supernet", s, src + "/runs/release/fmnist_supernet", 2);
  const SearchSpace& sp = *est->space();
  const Arch a = load_arch(src + "/configs/subnets/fmnist/hybrid_a.yaml", sp);
  const Arch b = load_arch(src + "/configs/subnets/fmnist/add_only.yaml", sp);
  const double first = est->score(0, a);
  EXPECT_GT(first, 0.6);  // far above chance (0.1): the inherited weights are loaded
  est->score(0, b);
  EXPECT_EQ(est->score(0, a), first);
  EXPECT_EQ(est->score(1, a), first);
  EXPECT_EQ(est->metric(), "top1");
}

TEST(AccuracyRegistry, UnknownImplementationListsTheKnownOnes) {
  try {
    accuracy_registry().make("cv", AccuracySpec{}, "", 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("known: [cv_supernet, nlp_supernet, none]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shiftadd::search
