#include "models/data/tokenizer.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "core/text_file.h"
#include "core/error.h"
#include "models/data/utf8.h"

namespace shiftadd::data {

namespace {
constexpr const char* kSpecials[] = {"<pad>", "<s>", "</s>", "<unk>"};
uint64_t pair_key(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }
}  // namespace

SubwordTokenizer::SubwordTokenizer() : pieces_(std::begin(kSpecials), std::end(kSpecials)) {}

const std::string& SubwordTokenizer::piece(int32_t id) const {
  if (id < 0 || id >= vocab_size())
    throw InputError("SubwordTokenizer: id " + std::to_string(id) + " out of range");
  return pieces_[size_t(id)];
}

void SubwordTokenizer::add_merge(int32_t left, int32_t right) {
  const int32_t id = vocab_size();
  merge_rank_[pair_key(left, right)] = {int32_t(merges_.size()), id};
  merges_.emplace_back(left, right);
  pieces_.push_back(pieces_[size_t(left)] + pieces_[size_t(right)]);
}

std::vector<int32_t> SubwordTokenizer::encode_word(std::string_view word) const {
  std::vector<int32_t> sym;
  for (const auto& ch : utf8_chars(std::string(kWordMarker) + std::string(word))) {
    const auto it = char_ids_.find(ch);
    sym.push_back(it == char_ids_.end() ? kUnk : it->second);
  }
  // Merge the lowest-rank adjacent pair (all its occurrences, left to right) until none.
  while (sym.size() > 1) {
    int32_t best_rank = std::numeric_limits<int32_t>::max(), best_id = -1;
    uint64_t best_key = 0;
    for (size_t i = 0; i + 1 < sym.size(); ++i) {
      const uint64_t k = pair_key(sym[i], sym[i + 1]);
      const auto it = merge_rank_.find(k);
      if (it != merge_rank_.end() && it->second.first < best_rank) {
        best_rank = it->second.first;
        best_id = it->second.second;
        best_key = k;
      }
    }
    if (best_id < 0) break;
    std::vector<int32_t> next;
    for (size_t i = 0; i < sym.size(); ++i) {
      if (i + 1 < sym.size() && pair_key(sym[i], sym[i + 1]) == best_key) {
        next.push_back(best_id);
        ++i;
      } else {
        next.push_back(sym[i]);
      }
    }
    sym.swap(next);
  }
  return sym;
}

std::vector<int32_t> SubwordTokenizer::encode(std::string_view text, bool add_bos,
                                              bool add_eos) const {
  std::vector<int32_t> ids;
  if (add_bos) ids.push_back(kBos);
  for (const auto& w : split_ascii_whitespace(text)) {
    const auto s = encode_word(w);
    ids.insert(ids.end(), s.begin(), s.end());
  }
  if (add_eos) ids.push_back(kEos);
  return ids;
}

std::vector<std::string> SubwordTokenizer::pieces(std::string_view text) const {
  std::vector<std::string> out;
  for (int32_t id : encode(text)) out.push_back(pieces_[size_t(id)]);
  return out;
}

std::string SubwordTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string s;
  for (int32_t id : ids) {
    if (id == kEos) break;
    if (id == kPad || id == kBos) continue;
    s += piece(id);
  }
  std::string out;
  const std::string marker = kWordMarker;
  for (size_t i = 0; i < s.size();) {
    if (s.compare(i, marker.size(), marker) == 0) {
      if (!out.empty()) out += ' ';
      i += marker.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

void SubwordTokenizer::save(const std::string& path) const {
  std::ostringstream f;
  const size_t n_chars = pieces_.size() - 4 - merges_.size();
  f << "shiftadd-bpe 1\nchars " << n_chars << "\n";
  for (size_t i = 4; i < 4 + n_chars; ++i) f << pieces_[i] << "\n";
  f << "merges " << merges_.size() << "\n";
  for (const auto& [a, b] : merges_) f << a << " " << b << "\n";
  write_file_atomic(path, f.str());
}

SubwordTokenizer SubwordTokenizer::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw DataError(path, "cannot open tokenizer file (missing or unreadable)");
  SubwordTokenizer t;
  std::string line;
  int64_t line_no = 0;
  auto next_line = [&](const char* what) {
    if (!std::getline(f, line)) throw DataError(path, std::string("truncated: expected ") + what);
    ++line_no;
  };
  auto fail = [&](const std::string& msg) {
    throw DataError(path, "line " + std::to_string(line_no) + ": " + msg);
  };
  auto read_count = [&](const char* key) {
    next_line(key);
    std::istringstream in(line);
    std::string k;
    int64_t n = -1;
    if (!(in >> k >> n) || k != key || n < 0 || n > 10000000) fail(std::string("expected '") + key + " N'");
    return n;
  };
  next_line("header");
  if (line != "shiftadd-bpe 1") fail("bad header '" + line + "', expected 'shiftadd-bpe 1'");
  const int64_t n_chars = read_count("chars");
  for (int64_t i = 0; i < n_chars; ++i) {
    next_line("a character");
    if (utf8_chars(line).size() != 1) fail("expected exactly one character, got '" + line + "'");
    if (!t.char_ids_.emplace(line, t.vocab_size()).second) fail("duplicate character '" + line + "'");
    t.pieces_.push_back(line);
  }
  if (!t.char_ids_.count(kWordMarker)) fail("character list lacks the word marker U+2581");
  const int64_t n_merges = read_count("merges");
  for (int64_t i = 0; i < n_merges; ++i) {
    next_line("a merge");
    std::istringstream in(line);
    int64_t a = -1, b = -1;
    std::string extra;
    if (!(in >> a >> b) || (in >> extra) || a < 4 || b < 4 || a >= t.vocab_size() ||
        b >= t.vocab_size())
      fail("expected 'left right' with ids in [4, " + std::to_string(t.vocab_size()) + ")");
    t.add_merge(int32_t(a), int32_t(b));
  }
  if (std::getline(f, line) && !line.empty()) throw DataError(path, "trailing content after merges");
  return t;
}

SubwordTokenizer train_phrase_tokenizer(const std::vector<PhraseGroup>& train, int vocab_size) {
  std::vector<std::string> texts;
  for (const auto& g : train) {
    texts.push_back(g.src);
    texts.insert(texts.end(), g.refs.begin(), g.refs.end());
  }
  return SubwordTokenizer::train(texts, vocab_size);
}

}  // namespace shiftadd::data
