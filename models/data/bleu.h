#pragma once
// Corpus BLEU computed exactly like sacreBLEU's default corpus_bleu (sacreBLEU 2.x:
// tokenize='13a', max n-gram order 4, smooth_method='exp', case-sensitive, no effective
// order, closest reference length with ties to the shorter one). Inputs are detokenized
// strings. Scores are on sacreBLEU's 0..100 scale.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shiftadd::data {

struct BleuScore {
  double score = 0.0;                   // 0..100
  std::array<int64_t, 4> correct{};     // clipped n-gram matches, n = 1..4
  std::array<int64_t, 4> total{};       // hypothesis n-grams
  std::array<double, 4> precisions{};   // percent, after smoothing
  double bp = 0.0;                      // brevity penalty
  int64_t sys_len = 0, ref_len = 0;
  // "BLEU = 36.79 100.0/100.0/100.0/100.0 (BP = 0.368 ratio = 0.500 hyp_len = 4 ref_len = 8)"
  std::string format() const;
};

// mteval-v13a tokenization as in sacreBLEU's Tokenizer13a (byte-exact on UTF-8 input).
std::string tokenize_13a(std::string_view line);

// refs[i] holds every reference of segment i (sacreBLEU's streams, transposed); empty
// strings are ignored as in sacreBLEU. Throws InputError on a size mismatch or a segment
// without any non-empty reference.
BleuScore corpus_bleu(const std::vector<std::string>& hyps,
                      const std::vector<std::vector<std::string>>& refs);

// Single-reference convenience form.
BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::string>& refs);

// sacreBLEU's BLEU.compute_bleu with smooth_method='exp' (exposed for tests).
BleuScore compute_bleu(const std::array<int64_t, 4>& correct, const std::array<int64_t, 4>& total,
                       int64_t sys_len, int64_t ref_len);

}  // namespace shiftadd::data
