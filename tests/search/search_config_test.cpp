#include "search/search_config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"

namespace shiftadd::search {
namespace {

TEST(SearchConfig, EveryShippedConfigParses) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(SHIFTADD_SOURCE_DIR) + "/configs/search")) {
    const SearchConfig c = load_search_config(e.path().string());
    EXPECT_FALSE(c.objectives.empty()) << e.path();
    EXPECT_EQ(c.report.reference.size(), c.objectives.size()) << e.path();
    ++n;
  }
  EXPECT_GE(n, 5);
}

TEST(SearchConfig, DigestChangesWithTheBudgetButNotWithTheExecutor) {
  const std::string f = std::string(SHIFTADD_SOURCE_DIR) + "/configs/search/fmnist_quick.yaml";
  SearchConfig a = load_search_config(f), b = a, c = a;
  b.executor.threads = 7;
  c.strategy.generations += 1;
  EXPECT_EQ(config_digest(a), config_digest(b));
  EXPECT_NE(config_digest(a), config_digest(c));
}

}  // namespace
}  // namespace shiftadd::search
