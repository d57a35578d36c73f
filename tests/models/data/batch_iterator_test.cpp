// Seeded permutation and shuffled batch iterator: determinism, coverage, resume.
#include "models/data/batch_iterator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "core/error.h"

namespace shiftadd::data {
namespace {

std::vector<std::vector<int64_t>> epoch_batches(BatchIterator& it) {
  std::vector<std::vector<int64_t>> out;
  std::vector<int64_t> b;
  while (it.next(b)) out.push_back(b);
  return out;
}

TEST(BatchIterator, PermutationIsSeededAndComplete) {
  const auto p = seeded_permutation(100, 7);
  EXPECT_EQ(p, seeded_permutation(100, 7));
  EXPECT_NE(p, seeded_permutation(100, 8));
  auto s = p;
  std::sort(s.begin(), s.end());
  std::vector<int64_t> iota(100);
  std::iota(iota.begin(), iota.end(), 0);
  EXPECT_EQ(s, iota);
  EXPECT_NE(p, iota);
}

TEST(BatchIterator, EpochCoversAllOnceAndReshuffles) {
  BatchIterator it(10, 3, 42);
  EXPECT_EQ(it.batches_per_epoch(), 4);
  const auto e0 = epoch_batches(it);
  ASSERT_EQ(e0.size(), 4u);
  EXPECT_EQ(e0.back().size(), 1u);
  std::vector<int64_t> all;
  for (const auto& b : e0) all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(it.state().epoch, 1);
  const auto e1 = epoch_batches(it);
  EXPECT_NE(e0, e1);
  BatchIterator again(10, 3, 42);
  EXPECT_EQ(epoch_batches(again), e0);
}

TEST(BatchIterator, DropLastAndUnshuffled) {
  BatchIterator it(10, 4, 1, /*shuffle=*/false, /*drop_last=*/true);
  const auto e = epoch_batches(it);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0], (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(e[1], (std::vector<int64_t>{4, 5, 6, 7}));
  EXPECT_THROW(BatchIterator(3, 4, 1, true, true), InputError);
  EXPECT_THROW(BatchIterator(0, 4, 1), InputError);
}

TEST(BatchIterator, RestoreResumesMidEpoch) {
  BatchIterator a(50, 8, 9);
  std::vector<int64_t> b;
  epoch_batches(a);  // finish epoch 0
  ASSERT_TRUE(a.next(b));
  ASSERT_TRUE(a.next(b));
  const auto saved = a.state();
  std::vector<int64_t> expect;
  ASSERT_TRUE(a.next(expect));
  BatchIterator r(50, 8, 9);
  r.restore(saved);
  ASSERT_TRUE(r.next(b));
  EXPECT_EQ(b, expect);
}

}  // namespace
}  // namespace shiftadd::data
