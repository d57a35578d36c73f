#include "models/data/idx_file.h"

#include "core/error.h"
#include "models/data/gzip_reader.h"

namespace shiftadd::data {

namespace {
uint32_t be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
constexpr uint8_t kTypeUbyte = 0x08;
constexpr int64_t kMaxItemBytes = int64_t(1) << 24;  // sanity bound on one item
}  // namespace

IdxArray read_idx_gz(const std::string& path, int expected_ndims, int64_t limit) {
  // Header first (tiny prefix) so the payload read can stop after `limit` items.
  const std::vector<uint8_t> compressed = read_file_bytes(path);
  const size_t header_bytes = 4 + 4 * size_t(expected_ndims);
  std::vector<uint8_t> head = gunzip(compressed, path, header_bytes);
  if (head.size() < 4) throw DataError(path, "IDX header truncated (fewer than 4 bytes)");
  if (head[0] != 0 || head[1] != 0)
    throw DataError(path, "bad IDX magic number (first two bytes must be zero)");
  if (head[2] != kTypeUbyte)
    throw DataError(path, "unsupported IDX element type " + std::to_string(head[2]) +
                              " (expected 8 = unsigned byte)");
  if (head[3] != expected_ndims)
    throw DataError(path, "IDX rank " + std::to_string(head[3]) + ", expected " +
                              std::to_string(expected_ndims));
  if (head.size() < header_bytes) throw DataError(path, "IDX header truncated");

  IdxArray out;
  int64_t item_bytes = 1;
  for (int d = 0; d < expected_ndims; ++d) {
    const int64_t n = be32(head.data() + 4 + 4 * d);
    if (n <= 0) throw DataError(path, "IDX dimension " + std::to_string(d) + " is zero");
    if (d > 0) item_bytes *= n;
    if (item_bytes > kMaxItemBytes) throw DataError(path, "IDX item size implausibly large");
    out.dims.push_back(n);
  }
  if (limit > 0 && limit < out.dims[0]) out.dims[0] = limit;
  const size_t payload = size_t(out.dims[0]) * size_t(item_bytes);
  const bool full = out.dims[0] == int64_t(be32(head.data() + 4));
  // A full read inflates (and CRC-checks) the whole stream; a limited one only a prefix.
  std::vector<uint8_t> raw = gunzip(compressed, path, full ? SIZE_MAX : header_bytes + payload);
  if (raw.size() < header_bytes + payload)
    throw DataError(path, "IDX payload truncated: header promises " +
                              std::to_string(header_bytes + payload) + " bytes, file has " +
                              std::to_string(raw.size()));
  if (full && raw.size() != header_bytes + payload)
    throw DataError(path, "IDX file has " + std::to_string(raw.size() - header_bytes - payload) +
                              " trailing bytes beyond the header's size");
  out.values.assign(raw.begin() + long(header_bytes), raw.begin() + long(header_bytes + payload));
  return out;
}

}  // namespace shiftadd::data
