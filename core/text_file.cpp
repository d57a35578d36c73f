#include "core/text_file.h"

#include <fstream>
#include <sstream>

#include "core/error.h"

namespace shiftadd {

std::string read_text_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw DataError(path, "cannot read");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::trunc);
  f << text;
  if (!f) throw DataError(path, "cannot write");
}

}  // namespace shiftadd
