// BPE training for SubwordTokenizer (see tokenizer.h for the rules).
#include <algorithm>
#include <map>
#include <queue>
#include <unordered_map>

#include "core/error.h"
#include "models/data/tokenizer.h"
#include "models/data/utf8.h"

namespace shiftadd::data {

namespace {

uint64_t pair_key(int32_t a, int32_t b) { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }

// Pair statistics over the distinct training words, updated incrementally per merge.
// The heap is lazy: an entry's count is >= the pair's true count (only increases push);
// a popped entry whose count went down is re-pushed with the true count, so the first
// entry that matches its true count is the true maximum.
struct PairStats {
  struct Item {
    int64_t count;
    uint64_t key;
    bool operator<(const Item& o) const {  // max count first, then smallest key
      return count != o.count ? count < o.count : key > o.key;
    }
  };
  std::unordered_map<uint64_t, int64_t> count;
  std::unordered_map<uint64_t, std::vector<int32_t>> words;  // may hold stale entries
  std::priority_queue<Item> heap;
  std::vector<uint64_t> dirty;
  bool live = false;  // false while the initial counts are collected

  void add(uint64_t k, int64_t delta, int32_t word) {
    int64_t& c = count[k];
    c += delta;
    if (delta > 0) {
      words[k].push_back(word);
      if (live) dirty.push_back(k);
    }
  }
  // Pushes each pair that grew during one merge step once, with its final count.
  void flush() {
    std::sort(dirty.begin(), dirty.end());
    dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
    for (uint64_t k : dirty) heap.push({count[k], k});
    dirty.clear();
  }
  void start() {
    for (const auto& [k, c] : count)
      if (c > 0) heap.push({c, k});
    live = true;
  }
  // Best live pair, or false when none is left.
  bool top(Item& out) {
    while (!heap.empty()) {
      const Item it = heap.top();
      const int64_t c = count[it.key];
      if (c == it.count) {
        out = it;
        return true;
      }
      heap.pop();
      if (c > 0 && c < it.count) heap.push({c, it.key});
    }
    return false;
  }
};

void append_pairs(const std::vector<int32_t>& sym, int64_t sign,
                  std::vector<std::pair<uint64_t, int64_t>>& out) {
  for (size_t i = 0; i + 1 < sym.size(); ++i)
    if (sym[i] != SubwordTokenizer::kUnk && sym[i + 1] != SubwordTokenizer::kUnk)
      out.emplace_back(pair_key(sym[i], sym[i + 1]), sign);
}

// Applies the pair-count difference between a word's old and new segmentation.
void update_word(PairStats& stats, const std::vector<int32_t>& before,
                 const std::vector<int32_t>& after, int64_t freq, int32_t word) {
  std::vector<std::pair<uint64_t, int64_t>> d;
  append_pairs(before, -1, d);
  append_pairs(after, +1, d);
  std::sort(d.begin(), d.end());
  for (size_t i = 0; i < d.size();) {
    int64_t net = 0;
    size_t j = i;
    for (; j < d.size() && d[j].first == d[i].first; ++j) net += d[j].second;
    if (net != 0) stats.add(d[i].first, net * freq, word);
    i = j;
  }
}

}  // namespace

SubwordTokenizer SubwordTokenizer::train(const std::vector<std::string>& texts, int vocab_size,
                                         int min_char_count) {
  // Distinct words (with the marker) and their counts, in sorted order for determinism.
  std::unordered_map<std::string, int64_t> counted;
  for (const auto& t : texts)
    for (const auto& w : split_ascii_whitespace(t)) ++counted[kWordMarker + std::string(w)];
  std::vector<std::pair<std::string, int64_t>> word_counts(counted.begin(), counted.end());
  std::sort(word_counts.begin(), word_counts.end());
  std::map<std::string, int64_t> char_counts;
  for (const auto& [w, n] : word_counts)
    for (const auto& c : utf8_chars(w)) char_counts[c] += n;
  char_counts[kWordMarker] += 0;  // always present, even for empty input

  SubwordTokenizer tok;
  for (const auto& [c, n] : char_counts)
    if (n >= min_char_count || c == kWordMarker) {
      tok.char_ids_.emplace(c, tok.vocab_size());
      tok.pieces_.push_back(c);
    }
  if (vocab_size > 0 && vocab_size < tok.vocab_size())
    throw InputError("SubwordTokenizer::train: vocab_size " + std::to_string(vocab_size) +
                     " is below the " + std::to_string(tok.vocab_size()) +
                     " specials and characters");

  std::vector<std::vector<int32_t>> words;
  std::vector<int64_t> freq;
  PairStats stats;
  for (const auto& [w, n] : word_counts) {
    std::vector<int32_t> sym;
    for (const auto& c : utf8_chars(w)) {
      const auto it = tok.char_ids_.find(c);
      sym.push_back(it == tok.char_ids_.end() ? kUnk : it->second);
    }
    update_word(stats, {}, sym, n, int32_t(words.size()));
    words.push_back(std::move(sym));
    freq.push_back(n);
  }

  stats.start();
  std::vector<int32_t> seen(words.size(), -1);  // last merge that rewrote each word
  PairStats::Item best{};
  while (tok.vocab_size() < vocab_size && stats.top(best)) {
    if (best.count < 2) break;  // a pair seen once is not worth a vocabulary slot
    const uint64_t key = best.key;
    const int32_t a = int32_t(key >> 32), b = int32_t(key & 0xffffffffu);
    const int32_t merged = tok.vocab_size();
    tok.add_merge(a, b);
    const std::vector<int32_t> touched = std::move(stats.words[key]);
    stats.words.erase(key);
    for (int32_t w : touched) {
      if (seen[size_t(w)] == merged) continue;
      seen[size_t(w)] = merged;
      auto& sym = words[size_t(w)];
      std::vector<int32_t> next;
      for (size_t i = 0; i < sym.size(); ++i) {
        if (i + 1 < sym.size() && sym[i] == a && sym[i + 1] == b) {
          next.push_back(merged);
          ++i;
        } else {
          next.push_back(sym[i]);
        }
      }
      if (next.size() == sym.size()) continue;  // stale entry: pair no longer present
      update_word(stats, sym, next, freq[size_t(w)], w);
      sym.swap(next);
    }
    stats.flush();
  }
  return tok;
}

SubwordTokenizer SubwordTokenizer::character_level(const std::vector<std::string>& texts,
                                                   int min_char_count) {
  return train(texts, 0, min_char_count);
}

}  // namespace shiftadd::data
