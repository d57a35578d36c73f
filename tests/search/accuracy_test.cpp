#include "search/accuracy/accuracy_estimator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shiftadd::search {
namespace {

const std::string kRun = std::string(SHIFTADD_SOURCE_DIR) + "/runs/release/fmnist_supernet";

AccuracySpec cv_spec(int64_t valid_samples) {
  AccuracySpec s;
  s.impl = "cv_supernet";
  s.data_dir = "/usr/share/datasets/fashion-mnist";
  s.valid_samples = valid_samples;
  s.bn_recalib_batches = 1;
  return s;
}

// Scores depend only on the subnet: not on the worker, nor on what was evaluated before (BN
// recalibration recomputes every statistic on the path).
TEST(CvSupernetAccuracy, ScoresDoNotDependOnWorkerOrHistory) {
  const std::string src = SHIFTADD_SOURCE_DIR;
  auto est = accuracy_registry().make("cv_supernet", cv_spec(200), kRun, 2);
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

// The prefix cache changes where a candidate starts, never its score: the same archs (sharing
// prefixes in every way) score identically with the cache on, off, and on a second pass of hits.
TEST(CvSupernetAccuracy, PrefixCacheLeavesScoresBitIdentical) {
  AccuracySpec s = cv_spec(120);
  auto plain = accuracy_registry().make("cv_supernet", s, kRun, 1);
  s.prefix_cache_mb = 256;
  auto cached = accuracy_registry().make("cv_supernet", s, kRun, 1);
  const SearchSpace& sp = *plain->space();
  std::vector<Arch> archs;
  Arch a;
  a.stages = {{BlockType::kConv, BlockType::kShift}, {BlockType::kAdd}, {BlockType::kAttn, BlockType::kConv}};
  archs.push_back(a);
  a.stages[2] = {BlockType::kShift};  // same first two stages
  archs.push_back(a);
  a.stages[1] = {BlockType::kAdd, BlockType::kConv};  // same stage 1 and first block of stage 2
  archs.push_back(a);
  a.stages[0] = {BlockType::kConv};  // a prefix of the first subnet's stage 1
  archs.push_back(a);
  a.stages = {{BlockType::kConv}, {BlockType::kShift, BlockType::kAdd}, {BlockType::kConv}};
  archs.push_back(a);  // the same block sequence as [conv,shift][add]... with other stage boundaries
  a.stages = {{BlockType::kConv, BlockType::kShift}, {BlockType::kAdd}, {BlockType::kConv}};
  archs.push_back(a);
  for (const Arch& x : archs) check_arch(sp, x, "<test>");
  for (int pass = 0; pass < 2; ++pass)
    for (const Arch& x : archs) EXPECT_EQ(cached->score(0, x), plain->score(0, x)) << arch_key(x, sp) << " pass " << pass;
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
