#pragma once
// Turns one FreeDict dictd entry into (English phrase, translations).
//
// Entry layout (eng-deu 2022 "Ding" import and eng-fra 0.1.6, checked on the real files):
//   line 1:  headword [ /IPA/] [ (abbreviation /IPA/ | irregular forms | symbol)] [ <pos>]
//   then:    translation lines "a <tag>, b [usage], c"    (eng-deu: one line, maybe with a
//            leading " [Am.] " usage tag; eng-fra: "1. x, y" numbered senses, one per line)
//   indented ("   Synonym: {..}", " see: {..}", "      \"example\" - Beispiel", "Note: ..."):
//            ignored.
// Rules (documented in docs/data.md):
//  * headword = text before the pronunciation " /IPA/" (the first " /x.../" followed by end
//    of line, " (" or " <"); a trailing "(symbol)" group without IPA is also removed from
//    the end of the translation line, where the dictionary repeats it.
//  * translations: drop "ABBR,  /IPA/" abbreviation runs, <grammar> and [usage] tags, then
//    split on ';' and ',' outside brackets. For sentence headwords (capitalised, ending in
//    . ! ?) a ',' splits only after . ! ? so "Es bleibt abzuwarten, ob ..." stays whole.
//  * each side: drop parenthesised optional parts "(sich)", map U+2010/U+2011 to '-' and
//    NBSP to ' ', collapse spaces; reject it when empty, without a letter, longer than
//    max_words words, containing "...", "…", '/', a bracket, '"', '|', '=', or starting or
//    ending with '-' (affixes); translations are de-duplicated keeping first-seen order.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shiftadd::data {

struct FreedictRules {
  int max_words = 8;
};

struct FreedictEntry {
  std::string english;
  std::vector<std::string> translations;
};

// nullopt when the headword or every translation is rejected.
std::optional<FreedictEntry> parse_freedict_entry(std::string_view text,
                                                  const FreedictRules& rules = {});

// The per-side cleaning above; nullopt when rejected. Exposed for tests.
std::optional<std::string> clean_phrase(std::string_view s, int max_words);

}  // namespace shiftadd::data
