#include "models/data/phrase_dataset.h"

#include <algorithm>
#include <unordered_map>

#include "core/error.h"
#include "models/data/dictd.h"
#include "models/data/freedict_parse.h"

namespace shiftadd::data {

namespace {

uint64_t split_hash(const std::string& english, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (char c : english) {
    const char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    h = (h ^ uint8_t(l)) * 0x100000001b3ULL;
  }
  uint64_t z = h ^ seed;  // splitmix64 finaliser spreads the seed over all bits
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

PhraseSplit split_of_hash(uint64_t h, const FreedictOptions& opt) {
  const uint64_t bucket = h % 1000;
  if (bucket < uint64_t(opt.valid_permille)) return PhraseSplit::kValid;
  if (bucket < uint64_t(opt.valid_permille + opt.test_permille)) return PhraseSplit::kTest;
  return PhraseSplit::kTrain;
}

void check_options(const FreedictOptions& opt) {
  if (opt.valid_permille < 0 || opt.test_permille < 0 ||
      opt.valid_permille + opt.test_permille >= 1000)
    throw InputError("FreedictOptions: valid_permille + test_permille must be in [0, 1000)");
  if (opt.max_words < 1) throw InputError("FreedictOptions: max_words must be >= 1");
}

}  // namespace

const std::vector<PhraseGroup>& PhraseDataset::split(PhraseSplit s) const {
  return s == PhraseSplit::kTrain ? train : s == PhraseSplit::kValid ? valid : test;
}

PhraseSplit assign_phrase_split(const std::string& english, const FreedictOptions& opt) {
  return split_of_hash(split_hash(english, opt.seed), opt);
}

PhraseDataset load_freedict_files(const std::string& index_path, const std::string& dict_path,
                                  const FreedictOptions& opt) {
  check_options(opt);
  const DictdFile dict = DictdFile::load(index_path, dict_path, opt.max_dict_bytes);
  const FreedictRules rules{opt.max_words};
  std::vector<PhraseGroup> groups;
  std::unordered_map<std::string, size_t> where;
  const std::vector<std::string_view> texts = dict.entries();
  where.reserve(texts.size());
  PhraseDataset ds;
  for (std::string_view text : texts) {
    ++ds.entries_read;
    auto e = parse_freedict_entry(text, rules);
    if (!e) continue;
    auto [it, fresh] = where.emplace(e->english, groups.size());
    if (fresh) groups.push_back({std::move(e->english), {}});
    auto& refs = groups[it->second].refs;
    for (auto& t : e->translations)
      if (std::find(refs.begin(), refs.end(), t) == refs.end()) refs.push_back(std::move(t));
  }
  std::vector<std::pair<uint64_t, size_t>> order;
  order.reserve(groups.size());
  for (size_t i = 0; i < groups.size(); ++i)
    order.emplace_back(split_hash(groups[i].src, opt.seed), i);
  std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : groups[a.second].src < groups[b.second].src;
  });
  for (const auto& [h, i] : order) {
    const PhraseSplit s = split_of_hash(h, opt);
    auto& dst = s == PhraseSplit::kTrain ? ds.train : s == PhraseSplit::kValid ? ds.valid : ds.test;
    dst.push_back(std::move(groups[i]));
  }
  return ds;
}

PhraseDataset load_freedict(const FreedictOptions& opt) {
  if (opt.dictd_dir.empty()) throw InputError("load_freedict: no dictd directory given");
  const std::string base = opt.dictd_dir + "/freedict-" + opt.pair;
  return load_freedict_files(base + ".index", base + ".dict.dz", opt);
}

std::vector<PhrasePair> flatten_pairs(const std::vector<PhraseGroup>& groups, int max_refs) {
  std::vector<PhrasePair> out;
  for (const auto& g : groups) {
    const size_t n = max_refs > 0 ? std::min(g.refs.size(), size_t(max_refs)) : g.refs.size();
    for (size_t i = 0; i < n; ++i) out.push_back({g.src, g.refs[i]});
  }
  return out;
}

int64_t count_pairs(const std::vector<PhraseGroup>& groups) {
  int64_t n = 0;
  for (const auto& g : groups) n += int64_t(g.refs.size());
  return n;
}

}  // namespace shiftadd::data
