#pragma once
// Whole-file text I/O for small run files (run.json, arch.yaml, tokenizer): DataError naming the file.
#include <string>

namespace shiftadd {

std::string read_text_file(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);  // truncates

}  // namespace shiftadd
