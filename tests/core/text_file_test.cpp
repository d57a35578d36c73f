// write_file_atomic: whole files or a DataError naming the file; never a half-written or empty report.
#include "core/text_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "core/error.h"

namespace shiftadd {
namespace {

namespace fs = std::filesystem;

TEST(TextFile, WritesAndReplacesWholeFilesWithoutLeavingTemporaries) {
  const fs::path dir = fs::temp_directory_path() / "shiftadd_text_file_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string f = (dir / "a.json").string();
  write_file_atomic(f, "first\n");
  write_file_atomic(f, "second, longer\n");
  EXPECT_EQ(read_text_file(f), "second, longer\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);  // no *.tmp<pid> left
  fs::remove_all(dir);
}

TEST(TextFile, FullDiskDirectoryAndMissingFolderAreErrorsNamingTheFile) {
  const auto expect_error = [](const std::string& path, const std::string& what) {
    try {
      write_file_atomic(path, std::string(1 << 16, 'x'));
      FAIL() << "expected DataError for " << path;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error("/dev/full", "write failed (65536 bytes): No space left on device");
  expect_error(fs::temp_directory_path().string(), "is a directory");
  expect_error("/nonexistent_dir_for_shiftadd/x.csv", "cannot open");
  // A device is written in place, never replaced by a rename.
  write_file_atomic("/dev/null", "ok");
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

}  // namespace
}  // namespace shiftadd
