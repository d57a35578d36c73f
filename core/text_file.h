#pragma once
// Whole-file text I/O for small run files (run.json, arch.yaml, tokenizer): DataError naming the file.
#include <string>

namespace shiftadd {

std::string read_text_file(const std::string& path);  // DataError for a missing file or a folder
// DataError naming the path when it is a folder: a stream read of one throws an internal error.
void check_not_directory(const std::string& path);
void write_text_file(const std::string& path, const std::string& text);  // replaces it: write_file_atomic

// Writes the whole file or throws DataError naming it: into a temporary beside it, flushed and closed
// with every error checked (a full disk is an error, not an empty report), then renamed over the
// target, so no reader sees half a file. A target that exists and is not a regular file (/dev/null,
// /dev/full, a FIFO) is written in place, with the same checks.
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace shiftadd
