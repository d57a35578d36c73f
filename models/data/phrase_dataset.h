#pragma once
// FreeDict phrase-translation data set: English phrase -> German/French translations,
// with a fixed, seeded train/valid/test split.
//
// Split rule: key = ASCII-lowercased English phrase (so "Balinese" and "balinese" land in
// the same split); h = splitmix64(FNV-1a-64(key) ^ seed); bucket = h % 1000;
// bucket < valid_permille -> valid, < valid + test -> test, else train. This is a pure
// function of the text and the seed: stable across runs, platforms and dictionary order.
// Inside a split, groups are sorted by (h, english), so any prefix is a pseudo-random
// sample, not an alphabetical slice.
#include <cstdint>
#include <string>
#include <vector>

namespace shiftadd::data {

// One source phrase and every accepted translation of it (all entries of the dictionary
// with that exact English headword, merged, de-duplicated, first-seen order).
struct PhraseGroup {
  std::string src;
  std::vector<std::string> refs;
};

struct PhrasePair {
  std::string src, tgt;
};

enum class PhraseSplit { kTrain, kValid, kTest };

struct FreedictOptions {
  std::string dictd_dir;            // required (the CLI has the default)
  std::string pair = "eng-deu";     // or "eng-fra": files freedict-<pair>.{index,dict.dz}
  int max_words = 8;                // per side
  uint64_t seed = 2022;
  int valid_permille = 50;          // 90/5/5 by default
  int test_permille = 50;
  size_t max_dict_bytes = 0;        // > 0: parse only this prefix of the body (tests)
};

struct PhraseDataset {
  std::vector<PhraseGroup> train, valid, test;
  int64_t entries_read = 0;  // distinct dictionary entries seen
  const std::vector<PhraseGroup>& split(PhraseSplit s) const;
};

// Throws DataError naming the file on missing/corrupt/truncated dictionaries, InputError when
// opt.dictd_dir is empty.
PhraseDataset load_freedict(const FreedictOptions& opt);

// Groups built from explicit index/dict paths (the same rules).
PhraseDataset load_freedict_files(const std::string& index_path, const std::string& dict_path,
                                  const FreedictOptions& opt);

PhraseSplit assign_phrase_split(const std::string& english, const FreedictOptions& opt);

// One (src, tgt) pair per translation; max_refs > 0 keeps only the first max_refs
// translations of each source (1 = a one-to-one phrase table).
std::vector<PhrasePair> flatten_pairs(const std::vector<PhraseGroup>& groups, int max_refs = 0);

int64_t count_pairs(const std::vector<PhraseGroup>& groups);

}  // namespace shiftadd::data
