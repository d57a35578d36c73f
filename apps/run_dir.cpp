#include "apps/run_dir.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"

extern char** environ;

namespace shiftadd::cli {
namespace fs = std::filesystem;

void check_output_dir(const std::string& dir, bool resume, const std::string& checkpoint) {
  if (!fs::exists(dir)) return;
  if (!fs::is_directory(dir)) throw InputError(fmt::format("--out {}: exists and is not a folder", dir));
  // A folder holding only a lock file (left by a command that was refused after taking it) holds no run.
  bool used = false;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) used = used || e.path().filename() != ".lock";
  if (!used) return;
  if (!resume)
    throw InputError(fmt::format("--out {}: folder is not empty; pass --resume to continue the run in it, "
                                 "or choose a new folder", dir));
  if (!fs::exists(fs::path(dir) / checkpoint))
    throw InputError(fmt::format("--out {} --resume: the folder has no {} to resume from", dir, checkpoint));
}

void run_gnuplot(const std::string& script) {
  std::string prog = "gnuplot", arg = script;
  char* argv[] = {prog.data(), arg.data(), nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "gnuplot", nullptr, nullptr, argv, environ) != 0)
    throw Error(fmt::format("{}: cannot run gnuplot (install it with scripts/install_deps.sh)", script));
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw Error(fmt::format("{}: gnuplot failed", script));
}

}  // namespace shiftadd::cli
