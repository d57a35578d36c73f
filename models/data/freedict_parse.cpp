#include "models/data/freedict_parse.h"

#include <algorithm>

namespace shiftadd::data {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Replaces <...> and [...] groups by a space.
std::string strip_tags(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char close = s[i] == '<' ? '>' : s[i] == '[' ? ']' : 0;
    const size_t j = close ? s.find(close, i + 1) : std::string_view::npos;
    if (j != std::string_view::npos) {
      out += ' ';
      i = j;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Removes balanced (...) groups; an unmatched ')' is kept (and rejected later).
std::string drop_parens(std::string_view s) {
  std::string out;
  int depth = 0;
  for (char c : s) {
    if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if (depth == 0) out += c;
  }
  return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

// Removes "ABBR,  /IPA/" runs (an abbreviation and its pronunciation appended to a
// translation line); the run starts after the previous space, '>' or ']'.
std::string drop_abbreviations(std::string s) {
  for (size_t c = s.find(','); c != std::string::npos; c = s.find(',', c + 1)) {
    size_t k = c + 1;
    while (k < s.size() && is_space(s[k])) ++k;
    if (k == c + 1 || k >= s.size() || s[k] != '/') continue;
    const size_t end = s.find('/', k + 1);
    if (end == std::string::npos) continue;
    size_t start = c;
    while (start > 0 && !is_space(s[start - 1]) && s[start - 1] != '>' && s[start - 1] != ']')
      --start;
    s.replace(start, end + 1 - start, " ");
    c = start;
  }
  return s;
}

// Splits on ';' and (see header) ',' outside (...) and [...].
std::vector<std::string> split_alternatives(std::string_view s, bool sentence) {
  std::vector<std::string> parts;
  std::string cur;
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    bool split = depth == 0 && c == ';';
    if (depth == 0 && c == ',') {
      const std::string_view t = trim(cur);
      split = !sentence || (!t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == '?'));
    }
    if (split) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// Position of the pronunciation " /x.../" that ends the headword, or npos; `end` gets
// the index of its closing '/'.
size_t find_pronunciation(std::string_view h, size_t& end) {
  for (size_t p = h.find(" /"); p != std::string_view::npos; p = h.find(" /", p + 1)) {
    if (p + 2 >= h.size() || h[p + 2] == '/' || h[p + 2] == ' ') continue;
    const size_t q = h.find('/', p + 2);
    if (q == std::string_view::npos) return std::string_view::npos;
    const std::string_view after = h.substr(q + 1);
    if (after.empty() || after.rfind(" (", 0) == 0 || after.rfind(" <", 0) == 0) {
      end = q;
      return p;
    }
  }
  return std::string_view::npos;
}

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80;
  });
}

bool is_sentence(std::string_view e) {
  return !e.empty() && e.front() >= 'A' && e.front() <= 'Z' &&
         (e.back() == '.' || e.back() == '!' || e.back() == '?');
}

}  // namespace

std::optional<std::string> clean_phrase(std::string_view in, int max_words) {
  std::string s = drop_parens(in);
  replace_all(s, "\u2010", "-");
  replace_all(s, "\u2011", "-");
  replace_all(s, "\u00a0", " ");
  std::string out;
  int words = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_space(s[i])) continue;
    if (!out.empty()) out += ' ';
    ++words;
    while (i < s.size() && !is_space(s[i])) out += s[i++];
  }
  if (out.empty() || words > max_words || !has_letter(out)) return std::nullopt;
  if (out.find("...") != std::string::npos || out.find("\u2026") != std::string::npos)
    return std::nullopt;
  if (out.find_first_of("/()[]{}<>\"|=") != std::string::npos) return std::nullopt;
  if (out.front() == '-' || out.back() == '-') return std::nullopt;
  return out;
}

std::optional<FreedictEntry> parse_freedict_entry(std::string_view text,
                                                  const FreedictRules& rules) {
  size_t nl = text.find('\n');
  std::string_view head = text.substr(0, nl);
  while (!head.empty() && is_space(head.back())) head.remove_suffix(1);
  std::string symbol;  // "(´)"-style group, repeated at the end of the translation line
  size_t pron_end = 0;
  const size_t pron = find_pronunciation(head, pron_end);
  if (pron != std::string_view::npos) {
    const std::string_view rest = head.substr(pron_end + 1);
    const size_t close = rest.rfind(')');
    if (rest.rfind(" (", 0) == 0 && close != std::string_view::npos && close > 2) {
      const std::string_view inner = rest.substr(2, close - 2);
      if (inner.find('/') == std::string_view::npos) symbol = std::string(inner);
    }
    head = head.substr(0, pron);
  }
  const auto english = clean_phrase(strip_tags(head), rules.max_words);
  if (!english) return std::nullopt;

  FreedictEntry entry{*english, {}};
  const bool sentence = is_sentence(*english);
  while (nl != std::string_view::npos) {
    const size_t next = text.find('\n', nl + 1);
    std::string_view line = text.substr(nl + 1, next == std::string_view::npos ? next : next - nl - 1);
    nl = next;
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 1) continue;  // blank, examples, notes
    if (indent == 1 && line[1] != '[') continue;                    // " see: {...}"
    line = trim(line);
    if (!symbol.empty() && line.size() > symbol.size() &&
        line.substr(line.size() - symbol.size()) == symbol)
      line.remove_suffix(symbol.size());
    size_t digits = 0;  // eng-fra numbered senses "2. ..."
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    if (digits > 0 && line.substr(digits, 2) == ". ") line.remove_prefix(digits + 2);
    for (const auto& part : split_alternatives(strip_tags(drop_abbreviations(std::string(line))),
                                               sentence)) {
      auto t = clean_phrase(part, rules.max_words);
      if (t && std::find(entry.translations.begin(), entry.translations.end(), *t) ==
                   entry.translations.end())
        entry.translations.push_back(std::move(*t));
    }
  }
  if (entry.translations.empty()) return std::nullopt;
  return entry;
}

}  // namespace shiftadd::data
