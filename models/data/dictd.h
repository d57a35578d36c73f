#pragma once
// dictd dictionaries (Debian dict-freedict-* packages): a text `.index` with lines
// "headword TAB offset TAB length" (numbers in dictd's base64: A-Z a-z 0-9 + /, most
// significant digit first) and a `.dict.dz` body (dictzip = gzip with a random-access
// extra field; we inflate it whole).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shiftadd::data {

struct DictdIndexEntry {
  std::string headword;
  uint64_t offset = 0, length = 0;  // byte range in the uncompressed body
  int64_t line = 0;                 // 1-based line in the .index (for messages)
};

// Decodes a dictd base64 number; returns false on an empty string, a character outside
// the alphabet, or overflow.
bool decode_dictd_base64(std::string_view s, uint64_t& value);

// Parses an index; throws DataError naming the file and line on a malformed line.
std::vector<DictdIndexEntry> read_dictd_index(const std::string& path);

class DictdFile {
 public:
  // Loads index and body. `max_body_bytes` > 0 inflates only that prefix of the body and
  // keeps only the index entries that lie inside it (quick tests on a big dictionary).
  // Throws DataError naming the file on missing/corrupt/truncated files and on index
  // entries that point outside the body.
  static DictdFile load(const std::string& index_path, const std::string& dict_path,
                        size_t max_body_bytes = 0);

  const std::vector<DictdIndexEntry>& index() const { return index_; }
  std::string_view text(const DictdIndexEntry& e) const;
  // Distinct entries (several headwords may share one), in body order, without the
  // "00database..." metadata entries.
  std::vector<std::string_view> entries() const;

 private:
  std::vector<uint8_t> body_;
  std::string_view body() const;
  std::vector<DictdIndexEntry> index_;
};

}  // namespace shiftadd::data
