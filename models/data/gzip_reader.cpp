#include "models/data/gzip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>

#include "core/error.h"

namespace shiftadd::data {

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw DataError(path, "cannot open file (missing or unreadable)");
  f.seekg(0, std::ios::end);
  const std::streamoff n = f.tellg();
  if (n < 0) throw DataError(path, "cannot determine file size");
  f.seekg(0, std::ios::beg);
  std::vector<uint8_t> bytes(static_cast<size_t>(n));
  if (n > 0 && !f.read(reinterpret_cast<char*>(bytes.data()), n))
    throw DataError(path, "read error");
  return bytes;
}

namespace {

// Inflates one gzip member starting at in[pos]; returns the number of input bytes used.
size_t inflate_member(const std::vector<uint8_t>& in, size_t pos, std::vector<uint8_t>& out,
                      const std::string& name, size_t max_out) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw DataError(name, "zlib init failed");
  zs.next_in = const_cast<Bytef*>(in.data() + pos);
  zs.avail_in = static_cast<uInt>(in.size() - pos);  // files here are far below 4 GiB
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (out.capacity() - out.size() < 65536) out.reserve(out.capacity() * 2 + 65536);
    const size_t old = out.size();
    // Hand zlib at most 4 MiB at a time so a wrong size guess never zero-fills much.
    const size_t room = std::min(out.capacity() - old, size_t(1) << 22);
    out.resize(old + room);
    zs.next_out = out.data() + old;
    zs.avail_out = static_cast<uInt>(room);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + (room - zs.avail_out));
    if (rc == Z_STREAM_END) break;
    if (out.size() >= max_out) break;
    if (rc == Z_BUF_ERROR || (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)) {
      inflateEnd(&zs);
      throw DataError(name, "truncated gzip stream (unexpected end of file)");
    }
    if (rc != Z_OK) {
      const std::string msg = zs.msg ? zs.msg : "error " + std::to_string(rc);
      inflateEnd(&zs);
      throw DataError(name, "corrupt gzip data: " + msg);
    }
  }
  const size_t used = (in.size() - pos) - zs.avail_in;
  inflateEnd(&zs);
  return used;
}

}  // namespace

std::vector<uint8_t> gunzip(const std::vector<uint8_t>& in, const std::string& name,
                            size_t max_out) {
  if (in.size() < 18 || in[0] != 0x1f || in[1] != 0x8b)
    throw DataError(name, "not a gzip file (bad magic bytes or too short)");
  std::vector<uint8_t> out;
  // The gzip trailer stores the uncompressed size mod 2^32 (exact for one member < 4 GiB):
  // reserving it avoids regrowing and re-touching a large buffer.
  const size_t n = in.size();
  const size_t isize = size_t(in[n - 4]) | size_t(in[n - 3]) << 8 | size_t(in[n - 2]) << 16 |
                       size_t(in[n - 1]) << 24;
  // A damaged trailer must not trigger a huge allocation: deflate expands at most ~1032x.
  const size_t guess = isize >= n / 2 && isize <= n * 1032 && isize < (size_t(1) << 31) ? isize
                                                                                       : n * 4;
  out.reserve(std::min(max_out, guess) + 65536);
  size_t pos = 0;
  while (pos < in.size()) {
    pos += inflate_member(in, pos, out, name, max_out);
    if (out.size() >= max_out) break;
    // Concatenated members are legal gzip; trailing zero padding is tolerated.
    while (pos < in.size() && in[pos] == 0) ++pos;
    if (pos < in.size() && (in.size() - pos < 2 || in[pos] != 0x1f || in[pos + 1] != 0x8b))
      throw DataError(name, "trailing garbage after gzip stream");
  }
  return out;
}

std::vector<uint8_t> read_gzip(const std::string& path, size_t max_out) {
  return gunzip(read_file_bytes(path), path, max_out);
}

}  // namespace shiftadd::data
