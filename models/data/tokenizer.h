#pragma once
// Byte-pair-encoding subword tokenizer (Sennrich et al. 2016), deterministic, with the
// SentencePiece-style word marker U+2581 "▁" in front of every word. With zero merges it
// is a character-level tokenizer. Special ids: 0 <pad>, 1 <s> (bos), 2 </s> (eos),
// 3 <unk>; then one id per training character (sorted by UTF-8 bytes), then one per merge.
//
// Training counts whitespace-separated words, then repeatedly merges the most frequent
// adjacent symbol pair (ties: smallest (left id, right id)) until the vocabulary reaches
// vocab_size or no pair occurs twice. Encoding applies merges by rank, as in training.
// decode(encode(s)) == s for text with single spaces, no leading/trailing spaces, only
// characters seen in training and no "▁".
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/data/phrase_dataset.h"

namespace shiftadd::data {

class SubwordTokenizer {
 public:
  static constexpr int32_t kPad = 0, kBos = 1, kEos = 2, kUnk = 3;
  static constexpr const char* kWordMarker = "\u2581";

  // Characters seen fewer than min_char_count times map to <unk>. vocab_size 0 means
  // characters only (no merges). Throws InputError when a positive vocab_size cannot hold
  // the specials and the characters.
  static SubwordTokenizer train(const std::vector<std::string>& texts, int vocab_size,
                                int min_char_count = 1);
  static SubwordTokenizer character_level(const std::vector<std::string>& texts,
                                          int min_char_count = 1);

  std::vector<int32_t> encode(std::string_view text, bool add_bos = false,
                              bool add_eos = false) const;
  // Skips <pad> and <s>, stops at </s>, writes <unk> as "<unk>".
  std::string decode(const std::vector<int32_t>& ids) const;
  std::vector<std::string> pieces(std::string_view text) const;

  int32_t vocab_size() const { return int32_t(pieces_.size()); }
  int32_t num_merges() const { return int32_t(merges_.size()); }
  const std::string& piece(int32_t id) const;

  // Text format: "shiftadd-bpe 1", "chars N" + N lines, "merges M" + M lines "left right".
  void save(const std::string& path) const;
  // Throws DataError naming the file (and line) when it is missing or malformed.
  static SubwordTokenizer load(const std::string& path);

  bool operator==(const SubwordTokenizer& o) const {
    return pieces_ == o.pieces_ && merges_ == o.merges_;
  }

 private:
  SubwordTokenizer();
  void add_merge(int32_t left, int32_t right);
  std::vector<int32_t> encode_word(std::string_view word) const;

  std::vector<std::string> pieces_;
  std::vector<std::pair<int32_t, int32_t>> merges_;
  std::unordered_map<std::string, int32_t> char_ids_;
  std::unordered_map<uint64_t, std::pair<int32_t, int32_t>> merge_rank_;  // pair -> (rank, id)
};

// Joint source+target tokenizer trained on a training split only.
SubwordTokenizer train_phrase_tokenizer(const std::vector<PhraseGroup>& train, int vocab_size);

}  // namespace shiftadd::data
