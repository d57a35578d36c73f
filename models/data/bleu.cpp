#include "models/data/bleu.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <unordered_map>

#include "core/error.h"

namespace shiftadd::data {

namespace {

// Length in bytes of a Python-whitespace code point starting at s[i], or 0. Python's
// str.split()/rstrip() treat these as whitespace, and sacreBLEU relies on them.
size_t space_len(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return k < s.size() ? uint8_t(s[k]) : uint8_t(0); };
  const uint8_t c = b(i);
  if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return 1;
  if (c == 0xC2 && (b(i + 1) == 0x85 || b(i + 1) == 0xA0)) return 2;  // NEL, NBSP
  if (c == 0xE1 && b(i + 1) == 0x9A && b(i + 2) == 0x80) return 3;    // U+1680
  if (c == 0xE2 && b(i + 1) == 0x80) {
    const uint8_t d = b(i + 2);  // U+2000..200A, 2028, 2029, 202F
    if ((d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF) return 3;
  }
  if (c == 0xE2 && b(i + 1) == 0x81 && b(i + 2) == 0x9F) return 3;  // U+205F
  if (c == 0xE3 && b(i + 1) == 0x80 && b(i + 2) == 0x80) return 3;  // U+3000
  return 0;
}

// Python str.split() with no argument.
std::vector<std::string> py_split(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    if (const size_t n = space_len(s, i)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      i += n;
    } else {
      cur += s[i++];
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string_view py_rstrip(std::string_view s) {
  size_t end = s.size(), i = 0, last_non_space = 0;
  while (i < end) {
    const size_t n = space_len(s, i);
    if (n == 0) last_non_space = ++i;
    else i += n;
  }
  return s.substr(0, last_non_space);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_dot_comma(char c) { return c == '.' || c == ','; }
// The character class [\{-\~\[-\` -\&\(-\+\:-\@\/] of the 13a regexp.
bool is_13a_punct(char c) {
  return (c >= '{' && c <= '~') || (c >= '[' && c <= '`') || (c >= ' ' && c <= '&') ||
         (c >= '(' && c <= '+') || (c >= ':' && c <= '@') || c == '/';
}

// Left-to-right, non-overlapping rewrite of every two-byte match (a, b), like re.sub.
template <class Match, class Emit>
std::string rewrite_pairs(const std::string& s, Match match, Emit emit) {
  std::string out;
  out.reserve(s.size() + 16);
  size_t i = 0;
  while (i < s.size()) {
    if (i + 1 < s.size() && match(s[i], s[i + 1])) {
      emit(out, s[i], s[i + 1]);
      i += 2;
    } else {
      out += s[i++];
    }
  }
  return out;
}

using NgramCounts = std::unordered_map<std::string, int64_t>;

// Counts all 1..4-grams (tokens joined by ' '; tokens never contain spaces).
NgramCounts count_ngrams(const std::vector<std::string>& toks) {
  NgramCounts c;
  for (size_t n = 1; n <= 4; ++n)
    for (size_t i = 0; i + n <= toks.size(); ++i) {
      std::string key = toks[i];
      for (size_t k = 1; k < n; ++k) key += ' ' + toks[i + k];
      ++c[key];
    }
  return c;
}

}  // namespace

std::string tokenize_13a(std::string_view in) {
  std::string line(in);
  replace_all(line, "<skipped>", "");
  replace_all(line, "-\n", "");
  replace_all(line, "\n", " ");
  replace_all(line, "&quot;", "\"");
  replace_all(line, "&amp;", "&");
  replace_all(line, "&lt;", "<");
  replace_all(line, "&gt;", ">");
  std::string s = " ";
  for (char c : line) {
    if (is_13a_punct(c)) { s += ' '; s += c; s += ' '; }
    else s += c;
  }
  s += ' ';
  s = rewrite_pairs(s, [](char a, char b) { return !is_digit(a) && is_dot_comma(b); },
                    [](std::string& o, char a, char b) { o += a; o += ' '; o += b; o += ' '; });
  s = rewrite_pairs(s, [](char a, char b) { return is_dot_comma(a) && !is_digit(b); },
                    [](std::string& o, char a, char b) { o += ' '; o += a; o += ' '; o += b; });
  s = rewrite_pairs(s, [](char a, char b) { return is_digit(a) && b == '-'; },
                    [](std::string& o, char a, char b) { o += a; o += ' '; o += b; o += ' '; });
  std::string out;
  for (const auto& t : py_split(s)) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

BleuScore compute_bleu(const std::array<int64_t, 4>& correct, const std::array<int64_t, 4>& total,
                       int64_t sys_len, int64_t ref_len) {
  BleuScore r;
  r.correct = correct;
  r.total = total;
  r.sys_len = sys_len;
  r.ref_len = ref_len;
  r.bp = sys_len < ref_len ? (sys_len > 0 ? std::exp(1.0 - double(ref_len) / double(sys_len)) : 0.0)
                           : 1.0;
  if (correct[0] == 0 && correct[1] == 0 && correct[2] == 0 && correct[3] == 0) return r;
  double smooth = 1.0;
  for (int n = 0; n < 4; ++n) {
    if (total[n] == 0) break;  // shorter than n+1 tokens everywhere: precision stays 0
    if (correct[n] == 0) {
      smooth *= 2.0;
      r.precisions[n] = 100.0 / (smooth * double(total[n]));
    } else {
      r.precisions[n] = 100.0 * double(correct[n]) / double(total[n]);
    }
  }
  double log_sum = 0.0;  // sacreBLEU's my_log(0) = -9999999999
  for (double p : r.precisions) log_sum += p == 0.0 ? -9999999999.0 : std::log(p);
  r.score = r.bp * std::exp(log_sum / 4.0);
  return r;
}

BleuScore corpus_bleu(const std::vector<std::string>& hyps,
                      const std::vector<std::vector<std::string>>& refs) {
  if (hyps.size() != refs.size())
    throw InputError("corpus_bleu: " + std::to_string(hyps.size()) + " hypotheses but " +
                     std::to_string(refs.size()) + " reference sets");
  std::array<int64_t, 4> correct{}, total{};
  int64_t sys_len = 0, ref_len = 0;
  for (size_t i = 0; i < hyps.size(); ++i) {
    NgramCounts ref_max;
    int64_t closest = -1, closest_diff = -1;
    const auto hyp_toks = py_split(tokenize_13a(py_rstrip(hyps[i])));
    const int64_t hyp_len = int64_t(hyp_toks.size());
    for (const auto& ref : refs[i]) {
      if (ref.empty()) continue;
      const auto toks = py_split(tokenize_13a(py_rstrip(ref)));
      for (const auto& [g, c] : count_ngrams(toks)) ref_max[g] = std::max(ref_max[g], c);
      const int64_t len = int64_t(toks.size()), diff = std::llabs(hyp_len - len);
      if (closest_diff == -1 || diff < closest_diff || (diff == closest_diff && len < closest)) {
        closest_diff = diff;
        closest = len;
      }
    }
    if (closest < 0)
      throw InputError("corpus_bleu: segment " + std::to_string(i) + " has no reference");
    for (const auto& [g, c] : count_ngrams(hyp_toks)) {
      const size_t n = size_t(std::count(g.begin(), g.end(), ' '));
      total[n] += c;
      const auto it = ref_max.find(g);
      if (it != ref_max.end()) correct[n] += std::min(c, it->second);
    }
    sys_len += hyp_len;
    ref_len += closest;
  }
  return compute_bleu(correct, total, sys_len, ref_len);
}

BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::string>& refs) {
  std::vector<std::vector<std::string>> r;
  r.reserve(refs.size());
  for (const auto& x : refs) r.push_back({x});
  return corpus_bleu(hyps, r);
}

std::string BleuScore::format() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %lld "
                "ref_len = %lld)",
                score, precisions[0], precisions[1], precisions[2], precisions[3], bp,
                ref_len ? double(sys_len) / double(ref_len) : 0.0, (long long)sys_len,
                (long long)ref_len);
  return buf;
}

}  // namespace shiftadd::data
