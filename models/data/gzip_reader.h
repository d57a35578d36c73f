#pragma once
// Whole-file gzip decompression with zlib. Used for the IDX (.gz) and dictzip (.dict.dz)
// files; dictzip is plain gzip with an extra random-access header field, so inflating
// the whole stream is enough.
#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

namespace shiftadd::data {

// Reads `path` fully into memory. Throws DataError naming the file when it is missing
// or unreadable.
std::vector<uint8_t> read_file_bytes(const std::string& path);

// Inflates a gzip stream (concatenated members allowed). Throws DataError naming `path`
// on a missing file, a non-gzip header, corrupt data, a CRC mismatch or truncation.
// `max_out` stops inflating once that many bytes are out (a prefix read: the rest of the
// stream is then not checked); the result may be longer than `max_out`.
std::vector<uint8_t> read_gzip(const std::string& path, size_t max_out = SIZE_MAX);

// Same as read_gzip, on an in-memory stream; `name` is used in error messages.
std::vector<uint8_t> gunzip(const std::vector<uint8_t>& in, const std::string& name,
                            size_t max_out = SIZE_MAX);

}  // namespace shiftadd::data
