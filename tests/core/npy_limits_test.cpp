// .npy sizes are checked against the file before anything is allocated (issue 13, class 3).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/npy.h"

namespace shiftadd {
namespace {

std::string write_raw(const std::string& name, const std::string& bytes) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string v1(const std::string& header, const std::string& data) {
  std::string h = header;
  h.append((64 - (10 + h.size() + 1) % 64) % 64, ' ');
  h += '\n';
  return std::string("\x93NUMPY\x01\x00", 8) + char(h.size() & 0xff) + char(h.size() >> 8) + h + data;
}

void expect_error(const std::string& path, const std::string& what) {
  try {
    read_npy(path);
    FAIL() << "expected DataError: " << what;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(NpyLimits, HugeHeaderLengthAndShapesAreRefusedBeforeAllocating) {
  // Version 2 header claiming 0xFFFFFFF0 bytes in a 16-byte file: refused at once, not a 4 GiB read.
  expect_error(write_raw("npy_huge_header.npy", std::string("\x93NUMPY\x02\x00\xf0\xff\xff\xff", 12) + "{}  "),
               "npy header length 4294967280 exceeds the file (16 bytes)");
  expect_error(write_raw("npy_huge_shape.npy", v1("{'descr': '<i8', 'fortran_order': False, 'shape': (100000000000, 100000000), }", "")),
               "npy shape describes more than 2^63 bytes");
  expect_error(write_raw("npy_short.npy", v1("{'descr': '<i4', 'fortran_order': False, 'shape': (1000000, 1000), }", "abcd")),
               "truncated data: the shape needs 4000000000 bytes, the file holds 4 after its header");
  expect_error(write_raw("npy_big_dim.npy", v1("{'descr': '<i4', 'fortran_order': False, 'shape': (12345678901234567890,), }", "")),
               "has a dimension above 10^15");
  const NpyArray ok = read_npy(write_raw("npy_ok.npy", v1("{'descr': '<i1', 'fortran_order': False, 'shape': (2, 2), }", "\x01\x02\x03\x04")));
  EXPECT_EQ(ok.to_int64("ok"), (std::vector<int64_t>{1, 2, 3, 4}));
}

// Unquoted header values are read whole (they once lost their first character, so 'True' read as 'rue' and
// a Fortran-order array was read transposed); Fortran order is refused, not transposed.
TEST(NpyFormat, FortranOrderIsRefusedAndShapeReadWhole) {
  expect_error(write_raw("npy_fortran.npy", v1("{'descr': '<i1', 'fortran_order': True, 'shape': (2, 2), }", "\x01\x02\x03\x04")),
               "Fortran-order arrays are not supported");
  expect_error(write_raw("npy_order.npy", v1("{'descr': '<i1', 'fortran_order': Maybe, 'shape': (2, 2), }", "\x01\x02\x03\x04")),
               "fortran_order is 'Maybe', expected True or False");
  const NpyArray a = read_npy(write_raw("npy_shape.npy", v1("{'descr': '<i1', 'fortran_order': False, 'shape': (3, 1), }", "\x01\x02\x03")));
  EXPECT_EQ(a.shape, (std::vector<int64_t>{3, 1}));
}

}  // namespace
}  // namespace shiftadd
