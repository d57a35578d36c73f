// A run folder has one writer at a time (issue 13, class 1): a second lock on it is refused, naming the
// folder, until the first is released.
#include "core/run_lock.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "core/error.h"

namespace shiftadd {
namespace {

TEST(RunLock, ASecondWriterIsRefusedUntilTheFirstReleases) {
  const std::string dir = (std::filesystem::path(::testing::TempDir()) / "run_lock_test" / "run").string();
  std::filesystem::remove_all(dir);
  std::optional<RunLock> first(std::in_place, dir);  // creates the folder
  EXPECT_TRUE(std::filesystem::exists(dir + "/.lock"));
  try {
    RunLock second(dir);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--out " + dir + ": another process is writing to this folder");
  }
  first.reset();
  EXPECT_NO_THROW(RunLock again(dir));
}

}  // namespace
}  // namespace shiftadd
