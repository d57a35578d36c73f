#pragma once
// Output folders of long-running commands: refuse to write into a used folder unless resuming, lock
// a folder against a second writer, and draw plots with gnuplot.
#include <string>

#include "core/run_lock.h"  // RunLock, for the commands that write runs

namespace shiftadd::cli {

// InputError unless dir is absent or empty (a lone .lock file counts as empty), or resume is set and dir holds `checkpoint`.
void check_output_dir(const std::string& dir, bool resume, const std::string& checkpoint);

// Runs `gnuplot <script>`; Error naming the script when gnuplot is missing or fails.
void run_gnuplot(const std::string& script);

}  // namespace shiftadd::cli
