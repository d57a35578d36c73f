#pragma once
// IDX (LeCun MNIST format) files, gzip-compressed: big-endian header
// {0, 0, type, ndims} + ndims uint32 sizes, then the unsigned-byte payload.
#include <cstdint>
#include <string>
#include <vector>

namespace shiftadd::data {

struct IdxArray {
  std::vector<int64_t> dims;    // dims[0] = item count (possibly limited, see read_idx_gz)
  std::vector<uint8_t> values;  // row-major, product(dims) bytes
};

// Reads a gzipped unsigned-byte IDX file with exactly `expected_ndims` dimensions.
// `limit` > 0 keeps only the first `limit` items (and decompresses only that prefix).
// Throws DataError naming `path` on a missing file, bad magic, wrong type or rank,
// zero/oversized dimensions, or a payload shorter than the header promises.
IdxArray read_idx_gz(const std::string& path, int expected_ndims, int64_t limit = 0);

}  // namespace shiftadd::data
