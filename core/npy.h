#pragma once
// NumPy .npy (format 1.0/2.0) reading and writing, little-endian, C order.
#include <cstdint>
#include <string>
#include <vector>

namespace shiftadd {

struct NpyArray {
  std::string dtype;             // numpy descr: "<i1", "<i2", "<i4", "<i8", "<f4", "<f8", "|i1", "|u1"
  std::vector<int64_t> shape;    // empty = scalar
  std::vector<uint8_t> bytes;    // raw little-endian data

  int64_t numel() const;
  int item_bytes() const;
  bool is_integer() const;
  // Converting accessors; throw DataError naming `source` when the dtype cannot be represented.
  std::vector<int64_t> to_int64(const std::string& source) const;
  std::vector<double> to_double(const std::string& source) const;
};

NpyArray read_npy(const std::string& path);  // throws DataError on any malformed file
void write_npy(const std::string& path, const NpyArray& arr);

NpyArray make_npy_int64(const std::vector<int64_t>& shape, const std::vector<int64_t>& values);
NpyArray make_npy_int32(const std::vector<int64_t>& shape, const std::vector<int64_t>& values);
NpyArray make_npy_f32(const std::vector<int64_t>& shape, const std::vector<float>& values);

}  // namespace shiftadd
