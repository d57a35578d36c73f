#include "core/text_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace shiftadd {

namespace fs = std::filesystem;

void check_not_directory(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw DataError(path, "is a directory; expected a file path");
}

std::string read_text_file(const std::string& path) {
  check_not_directory(path);
  std::ifstream f(path);
  if (!f) throw DataError(path, "cannot read");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_text_file(const std::string& path, const std::string& text) { write_file_atomic(path, text); }

namespace {

void write_checked(const std::string& path, const std::string& bytes, const std::string& target) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw DataError(target, fmt::format("cannot open {} for writing: {}", path, std::strerror(errno)));
  f.write(bytes.data(), std::streamsize(bytes.size()));
  f.flush();
  const int err = errno;
  f.close();
  if (!f) throw DataError(target, fmt::format("write failed ({} bytes): {}", bytes.size(), std::strerror(err)));
}

}  // namespace

void write_file_atomic(const std::string& path, const std::string& bytes) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    if (fs::is_directory(st)) throw DataError(path, "is a directory; expected a file path");
    return write_checked(path, bytes, path);  // a device or FIFO: never replaced by a rename
  }
  const std::string tmp = fmt::format("{}.tmp{}", path, ::getpid());
  try {
    write_checked(tmp, bytes, path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw DataError(path, "cannot replace the file: " + ec.message());
  }
}

}  // namespace shiftadd
