#pragma once
// Output folders of long-running commands: refuse to write into a used folder unless resuming, lock
// a folder against a second writer, and draw plots with gnuplot.
#include <string>

namespace shiftadd::cli {

// InputError unless dir is absent or empty, or resume is set and dir holds `checkpoint`.
void check_output_dir(const std::string& dir, bool resume, const std::string& checkpoint);

// Exclusive lock on <dir>/.lock for the object's lifetime (creates dir); InputError if another
// process holds it.
class RunLock {
 public:
  explicit RunLock(const std::string& dir);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

 private:
  int fd_ = -1;
};

// Runs `gnuplot <script>`; Error naming the script when gnuplot is missing or fails.
void run_gnuplot(const std::string& script);

}  // namespace shiftadd::cli
