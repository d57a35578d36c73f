#include "models/data/dictd.h"

#include <algorithm>
#include <fstream>
#include <utility>

#include "core/error.h"
#include "models/data/gzip_reader.h"

namespace shiftadd::data {

bool decode_dictd_base64(std::string_view s, uint64_t& value) {
  if (s.empty() || s.size() > 10) return false;  // 10 digits = 60 bits, no overflow
  uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= 'A' && c <= 'Z') d = c - 'A';
    else if (c >= 'a' && c <= 'z') d = 26 + (c - 'a');
    else if (c >= '0' && c <= '9') d = 52 + (c - '0');
    else if (c == '+') d = 62;
    else if (c == '/') d = 63;
    else return false;
    v = v * 64 + uint64_t(d);
  }
  value = v;
  return true;
}

std::vector<DictdIndexEntry> read_dictd_index(const std::string& path) {
  const std::vector<uint8_t> raw = read_file_bytes(path);
  const std::string_view all(reinterpret_cast<const char*>(raw.data()), raw.size());
  std::vector<DictdIndexEntry> out;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < all.size()) {
    size_t eol = all.find('\n', pos);
    if (eol == std::string_view::npos) eol = all.size();
    std::string_view line = all.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const size_t t2 = line.rfind('\t');
    const size_t t1 = t2 == std::string_view::npos || t2 == 0 ? std::string_view::npos
                                                               : line.rfind('\t', t2 - 1);
    DictdIndexEntry e;
    e.line = line_no;
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (t1 == std::string_view::npos)
      throw DataError(path, where + "expected 'headword TAB offset TAB length'");
    if (!decode_dictd_base64(line.substr(t1 + 1, t2 - t1 - 1), e.offset) ||
        !decode_dictd_base64(line.substr(t2 + 1), e.length))
      throw DataError(path, where + "offset/length is not a dictd base64 number");
    e.headword = std::string(line.substr(0, t1));
    out.push_back(std::move(e));
  }
  if (out.empty()) throw DataError(path, "index is empty");
  return out;
}

DictdFile DictdFile::load(const std::string& index_path, const std::string& dict_path,
                          size_t max_body_bytes) {
  DictdFile d;
  d.index_ = read_dictd_index(index_path);
  d.body_ = read_gzip(dict_path, max_body_bytes > 0 ? max_body_bytes : SIZE_MAX);
  if (max_body_bytes > 0) {
    if (d.body_.size() > max_body_bytes) d.body_.resize(max_body_bytes);
    auto past = [&](const DictdIndexEntry& e) { return e.offset + e.length > d.body_.size(); };
    d.index_.erase(std::remove_if(d.index_.begin(), d.index_.end(), past), d.index_.end());
    return d;
  }
  for (const auto& e : d.index_)
    if (e.offset + e.length > d.body_.size())
      throw DataError(index_path, "line " + std::to_string(e.line) + ": entry '" + e.headword +
                                      "' points past the end of " + dict_path + " (" +
                                      std::to_string(d.body_.size()) +
                                      " bytes): dictionary truncated or index mismatched");
  return d;
}

std::string_view DictdFile::body() const {
  return std::string_view(reinterpret_cast<const char*>(body_.data()), body_.size());
}

std::string_view DictdFile::text(const DictdIndexEntry& e) const {
  return body().substr(size_t(e.offset), size_t(e.length));
}

std::vector<std::string_view> DictdFile::entries() const {
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& e : index_) {
    if (e.headword.rfind("00database", 0) == 0 || e.headword.rfind("00-database", 0) == 0)
      continue;
    ranges.emplace_back(e.offset, e.length);
  }
  std::sort(ranges.begin(), ranges.end());
  ranges.erase(std::unique(ranges.begin(), ranges.end()), ranges.end());
  std::vector<std::string_view> out;
  out.reserve(ranges.size());
  for (const auto& [o, n] : ranges) out.push_back(body().substr(o, n));
  return out;
}

}  // namespace shiftadd::data
