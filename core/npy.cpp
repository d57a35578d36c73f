#include "core/npy.h"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.h"
#include "core/text_file.h"

namespace shiftadd {
namespace {

// Reads the value of 'key' in the header dict, e.g. "'descr': '<i4'".
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  auto pos = header.find("'" + key + "'");
  if (pos == std::string::npos) throw DataError(path, fmt::format("npy header lacks '{}'", key));
  pos = header.find(':', pos);
  if (pos == std::string::npos) throw DataError(path, "npy header is malformed");
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  if (pos >= header.size()) throw DataError(path, "npy header is malformed");
  const char open = header[pos];
  const bool bracketed = open == '(' || open == '\'';
  const auto end = header.find_first_of(open == '(' ? ")" : open == '\'' ? "'" : ",}", pos + 1);
  if (end == std::string::npos) throw DataError(path, "npy header is malformed");
  // Unquoted values (True, False) are read whole, from their first character.
  if (!bracketed) return header.substr(pos, header.find_last_not_of(' ', end - 1) + 1 - pos);
  return header.substr(pos + 1, end - pos - 1);
}

std::vector<int64_t> parse_shape(const std::string& s, const std::string& path) {
  std::vector<int64_t> shape;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    if (i >= s.size()) break;
    size_t j = i;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i) throw DataError(path, fmt::format("npy shape '({})' is malformed", s));
    if (j - i > 15) throw DataError(path, fmt::format("npy shape '({})' has a dimension above 10^15", s));
    shape.push_back(std::stoll(s.substr(i, j - i)));
    i = j;
  }
  return shape;
}

}  // namespace

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

int NpyArray::item_bytes() const { return dtype.size() >= 3 ? std::stoi(dtype.substr(2)) : 0; }

bool NpyArray::is_integer() const { return dtype.size() >= 2 && (dtype[1] == 'i' || dtype[1] == 'u'); }

std::vector<int64_t> NpyArray::to_int64(const std::string& source) const {
  if (!is_integer()) throw DataError(source, fmt::format("expected an integer array, got dtype '{}'", dtype));
  std::vector<int64_t> out(numel());
  const int b = item_bytes();
  const bool is_signed = dtype[1] == 'i';
  for (int64_t i = 0; i < numel(); ++i) {
    const uint8_t* p = bytes.data() + i * b;
    if (b == 1) out[i] = is_signed ? int64_t(int8_t(p[0])) : int64_t(p[0]);
    else if (b == 2) { int16_t v; uint16_t u; std::memcpy(&v, p, 2); std::memcpy(&u, p, 2); out[i] = is_signed ? v : u; }
    else if (b == 4) { int32_t v; uint32_t u; std::memcpy(&v, p, 4); std::memcpy(&u, p, 4); out[i] = is_signed ? v : int64_t(u); }
    else if (b == 8) {
      int64_t v; std::memcpy(&v, p, 8);
      if (!is_signed && v < 0) throw DataError(source, "uint64 value does not fit in int64");
      out[i] = v;
    } else throw DataError(source, fmt::format("unsupported dtype '{}'", dtype));
  }
  return out;
}

std::vector<double> NpyArray::to_double(const std::string& source) const {
  std::vector<double> out(numel());
  if (dtype == "<f4") {
    for (int64_t i = 0; i < numel(); ++i) { float v; std::memcpy(&v, bytes.data() + i * 4, 4); out[i] = v; }
  } else if (dtype == "<f8") {
    std::memcpy(out.data(), bytes.data(), out.size() * 8);
  } else {
    auto ints = to_int64(source);
    for (size_t i = 0; i < ints.size(); ++i) out[i] = double(ints[i]);
  }
  return out;
}

NpyArray read_npy(const std::string& path) {
  check_not_directory(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, "cannot open .npy file");
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw DataError(path, "not a .npy file (bad magic)");
  uint32_t hlen = 0;
  if (magic[6] == 1) {
    uint8_t l[2];
    if (!in.read(reinterpret_cast<char*>(l), 2)) throw DataError(path, "truncated npy header");
    hlen = l[0] | (l[1] << 8);
  } else if (magic[6] == 2 || magic[6] == 3) {
    uint8_t l[4];
    if (!in.read(reinterpret_cast<char*>(l), 4)) throw DataError(path, "truncated npy header");
    hlen = l[0] | (l[1] << 8) | (l[2] << 16) | (uint32_t(l[3]) << 24);
  } else {
    throw DataError(path, fmt::format("unsupported npy version {}", int(magic[6])));
  }
  // Sizes are checked against the file before anything is allocated.
  std::error_code ec;
  const uint64_t file_bytes = std::filesystem::file_size(path, ec);
  const uint64_t header_start = uint64_t(in.tellg());
  if (ec || header_start + hlen > file_bytes)
    throw DataError(path, fmt::format("npy header length {} exceeds the file ({} bytes)", hlen, file_bytes));
  std::string header(hlen, '\0');
  if (!in.read(header.data(), hlen)) throw DataError(path, "truncated npy header");
  NpyArray arr;
  arr.dtype = dict_value(header, "descr", path);
  const std::string order = dict_value(header, "fortran_order", path);
  if (order == "True")
    throw DataError(path, "Fortran-order arrays are not supported; save with np.ascontiguousarray");
  if (order != "False")
    throw DataError(path, fmt::format("npy header: fortran_order is '{}', expected True or False", order));
  arr.shape = parse_shape(dict_value(header, "shape", path), path);
  static const char* kOk[] = {"<i1", "|i1", "|u1", "<u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8", "<f4", "<f8"};
  bool ok = false;
  for (auto* d : kOk) ok = ok || arr.dtype == d;
  if (!ok) throw DataError(path, fmt::format("unsupported dtype '{}' (expected little-endian int or float)", arr.dtype));
  int64_t nbytes = arr.item_bytes();
  for (int64_t d : arr.shape)
    if (__builtin_mul_overflow(nbytes, d, &nbytes))
      throw DataError(path, "npy shape describes more than 2^63 bytes");
  const uint64_t data_bytes = file_bytes - header_start - hlen;
  if (uint64_t(nbytes) > data_bytes)
    throw DataError(path, fmt::format("truncated data: the shape needs {} bytes, the file holds {} after its header",
                                      nbytes, data_bytes));
  arr.bytes.resize(nbytes);
  if (nbytes > 0 && !in.read(reinterpret_cast<char*>(arr.bytes.data()), nbytes))
    throw DataError(path, fmt::format("truncated data: expected {} bytes", nbytes));
  return arr;
}

void write_npy(const std::string& path, const NpyArray& arr) {
  std::string shape = "(";
  for (size_t i = 0; i < arr.shape.size(); ++i) shape += fmt::format("{}{}", arr.shape[i], arr.shape.size() == 1 ? "," : (i + 1 < arr.shape.size() ? ", " : ""));
  shape += ")";
  std::string header = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}", arr.dtype, shape);
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string file("\x93NUMPY\x01\x00", 8);
  file += char(header.size() & 0xff);
  file += char(header.size() >> 8);
  file += header;
  file.append(reinterpret_cast<const char*>(arr.bytes.data()), arr.bytes.size());
  write_file_atomic(path, file);
}

NpyArray make_npy_int64(const std::vector<int64_t>& shape, const std::vector<int64_t>& values) {
  NpyArray a{"<i8", shape, {}};
  a.bytes.resize(values.size() * 8);
  std::memcpy(a.bytes.data(), values.data(), a.bytes.size());
  return a;
}

NpyArray make_npy_int32(const std::vector<int64_t>& shape, const std::vector<int64_t>& values) {
  NpyArray a{"<i4", shape, {}};
  a.bytes.resize(values.size() * 4);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] < std::numeric_limits<int32_t>::min() || values[i] > std::numeric_limits<int32_t>::max())
      throw InputError(fmt::format("value {} does not fit int32", values[i]));
    int32_t v = int32_t(values[i]);
    std::memcpy(a.bytes.data() + i * 4, &v, 4);
  }
  return a;
}

NpyArray make_npy_f32(const std::vector<int64_t>& shape, const std::vector<float>& values) {
  NpyArray a{"<f4", shape, {}};
  a.bytes.resize(values.size() * 4);
  std::memcpy(a.bytes.data(), values.data(), a.bytes.size());
  return a;
}

}  // namespace shiftadd
