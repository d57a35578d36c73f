// FreeDict: dictd index/body reading, entry parsing rules, split determinism.
#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "data_test_util.h"
#include "models/data/dictd.h"
#include "models/data/freedict_parse.h"
#include "models/data/phrase_dataset.h"
#include "tests/models/test_data.h"

namespace shiftadd::data {
namespace {

using testutil::expect_error;
using testutil::temp_dir;

TEST(Dictd, Base64Numbers) {
  uint64_t v = 0;
  ASSERT_TRUE(decode_dictd_base64("A", v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(decode_dictd_base64("/", v));
  EXPECT_EQ(v, 63u);
  ASSERT_TRUE(decode_dictd_base64("BA", v));  // 1*64 + 0
  EXPECT_EQ(v, 64u);
  ASSERT_TRUE(decode_dictd_base64("LOB", v));  // 11*4096 + 14*64 + 1 ("a" in eng-fra)
  EXPECT_EQ(v, 45953u);
  EXPECT_FALSE(decode_dictd_base64("", v));
  EXPECT_FALSE(decode_dictd_base64("A=", v));
}

TEST(Dictd, ReadsSmallDictionaryAndRejectsBadFiles) {
  const std::string d = temp_dir();
  const std::string body = "cat /kat/\nKatze\n\ndog /dog/\nHund <masc>\n";
  testutil::write_gz(d + "/x.dict.dz", {body.begin(), body.end()});
  auto write_index = [&](const std::string& s) {
    testutil::write_bytes(d + "/x.index", {s.begin(), s.end()});
  };
  write_index("00databaseinfo\tA\tB\ncat\tA\tQ\ndog\tR\tW\nhound\tR\tW\n");
  const DictdFile f = DictdFile::load(d + "/x.index", d + "/x.dict.dz");
  ASSERT_EQ(f.index().size(), 4u);
  EXPECT_EQ(f.text(f.index()[1]), "cat /kat/\nKatze\n");
  const auto e = f.entries();  // metadata dropped, shared entry once
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1], "dog /dog/\nHund <masc>\n");

  write_index("cat\tA\n");
  expect_error<DataError>([&] { DictdFile::load(d + "/x.index", d + "/x.dict.dz"); },
                          {d + "/x.index", "line 1", "headword TAB offset TAB length"});
  write_index("cat\tA\tP\ndog\tQ\t*\n");
  expect_error<DataError>([&] { DictdFile::load(d + "/x.index", d + "/x.dict.dz"); },
                          {"line 2", "base64"});
  write_index("cat\tA\tP\ndog\tQ\tZZ\n");  // past the end of the body
  expect_error<DataError>([&] { DictdFile::load(d + "/x.index", d + "/x.dict.dz"); },
                          {d + "/x.index", "line 2", "points past the end", "truncated"});
  write_index("cat\tA\tP\n");
  expect_error<DataError>([&] { DictdFile::load(d + "/x.index", d + "/missing.dict.dz"); },
                          {d + "/missing.dict.dz", "cannot open"});
  auto gz = testutil::read_bytes(d + "/x.dict.dz");
  gz.resize(gz.size() - 10);
  testutil::write_bytes(d + "/cut.dict.dz", gz);
  expect_error<DataError>([&] { DictdFile::load(d + "/x.index", d + "/cut.dict.dz"); },
                          {d + "/cut.dict.dz", "truncated"});
}

TEST(FreedictParse, EngDeuLineFormats) {
  // Shapes copied from the real eng-deu entries.
  auto e = parse_freedict_entry(
      "veterinaries /vˈɛtəɹˌɪnəɹiz/\nTierärzte <pl>, Tierärztinnen <pl>, Viehdoktoren <pl>\n"
      "   Synonyms: {veterinary surgeons}, {vets}\n\n see: {veterinary surgeon}\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->english, "veterinaries");
  EXPECT_EQ(e->translations,
            (std::vector<std::string>{"Tierärzte", "Tierärztinnen", "Viehdoktoren"}));
  e = parse_freedict_entry(
      "hear /hˈiə/ (heard /hˈɜːd/ <>, heard /hˈɜːd/ <>) <v>\n [archaic] (etw.) hören <v, trans>\n"
      "      \"I hear you.\"  - Ich höre dich.\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->english, "hear");
  EXPECT_EQ(e->translations, (std::vector<std::string>{"hören"}));
  e = parse_freedict_entry(
      "milligram /mˈɪlɪɡɹam/ (mg /ˌɛmdʒˈiː/)\nMilligramm <neut>mg,  /ˌɛmdʒˈiː/\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations, (std::vector<std::string>{"Milligramm"}));
  e = parse_freedict_entry("dollar sign /dˈɒlə sˈaɪn/ ($)\nDollar-Zeichen <neut>$\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations, (std::vector<std::string>{"Dollar-Zeichen"}));
  e = parse_freedict_entry(
      "dipped / dimmed headlights /dˈɪpt dˈɪmd hˈɛdlaɪts/\nAbblendlicht <neut>\n");
  EXPECT_FALSE(e);  // '/' alternatives on the English side are rejected
}

TEST(FreedictParse, SentencesSplitOnlyAfterSentenceEnd) {
  auto e = parse_freedict_entry(
      "It remains to be seen. /ɪt/\nEs bleibt abzuwarten, ob es klappt., Abwarten.\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations,
            (std::vector<std::string>{"Es bleibt abzuwarten, ob es klappt.", "Abwarten."}));
  e = parse_freedict_entry("Who are you? /huː/\nWer bist du?, Wer sind Sie?\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations, (std::vector<std::string>{"Wer bist du?", "Wer sind Sie?"}));
}

TEST(FreedictParse, EngFraNumberedSensesAndCleaning) {
  auto e = parse_freedict_entry(
      "agile /ædʒail/\n1. agile\n2. actif, alerte, vif, actif\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations, (std::vector<std::string>{"agile", "actif", "alerte", "vif"}));
  e = parse_freedict_entry("cauliflower /kɔliflauər/\nchou\u2010fleur\n");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->translations, (std::vector<std::string>{"chou-fleur"}));
  EXPECT_FALSE(parse_freedict_entry("... ago /ɐɡˈəʊ/\nil y a ...\n"));
  EXPECT_EQ(clean_phrase("  (sich)  etw.   ansehen ", 8), "etw. ansehen");
  EXPECT_EQ(clean_phrase("turning behavio(u)r", 8), "turning behavior");
  EXPECT_FALSE(clean_phrase("one two three four five six seven eight nine", 8));
  EXPECT_TRUE(clean_phrase("one two three four five six seven eight", 8));
  EXPECT_FALSE(clean_phrase("Assistenz\u2026", 8));
  EXPECT_FALSE(clean_phrase("sea-", 8));
  EXPECT_FALSE(clean_phrase("der/die/das", 8));
  EXPECT_FALSE(clean_phrase(":-)", 8));
}

TEST(Freedict, EngFraFullSplitIsStableDisjointAndClean) {
  FreedictOptions opt;
  opt.dictd_dir = test_data::kDictdDir;
  opt.pair = "eng-fra";
  const PhraseDataset a = load_freedict(opt);
  const PhraseDataset b = load_freedict(opt);
  EXPECT_GT(a.entries_read, 8000);
  // 90/5/5 of ~8800 English phrases.
  EXPECT_GT(a.train.size(), 7000u);
  EXPECT_GT(a.valid.size(), 300u);
  EXPECT_GT(a.test.size(), 300u);
  std::set<std::string> seen;
  for (auto s : {PhraseSplit::kTrain, PhraseSplit::kValid, PhraseSplit::kTest}) {
    const auto& ga = a.split(s);
    const auto& gb = b.split(s);
    ASSERT_EQ(ga.size(), gb.size());
    for (size_t i = 0; i < ga.size(); ++i) {
      EXPECT_EQ(ga[i].src, gb[i].src);
      EXPECT_EQ(ga[i].refs, gb[i].refs);
      EXPECT_EQ(assign_phrase_split(ga[i].src, opt), s);
      ASSERT_FALSE(ga[i].refs.empty());
      // Disjoint on the lowercased source (case variants share a split).
      std::string key = ga[i].src;
      for (char& c : key) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
      if (!seen.insert(key + "\x01" + std::to_string(int(s))).second) continue;
      for (auto o : {PhraseSplit::kTrain, PhraseSplit::kValid, PhraseSplit::kTest}) {
        if (o != s) EXPECT_FALSE(seen.count(key + "\x01" + std::to_string(int(o)))) << key;
      }
    }
  }
  // A known entry: "hostel" -> "auberge" (in whichever split it hashes to).
  bool found = false;
  for (auto s : {PhraseSplit::kTrain, PhraseSplit::kValid, PhraseSplit::kTest})
    for (const auto& g : a.split(s))
      if (g.src == "hostel") {
        found = g.refs == std::vector<std::string>{"auberge"};
      }
  EXPECT_TRUE(found);
  FreedictOptions other = opt;
  other.seed = 7;
  EXPECT_NE(load_freedict(other).test.front().src, a.test.front().src);
  const auto pairs = flatten_pairs(a.train, 1);
  EXPECT_EQ(pairs.size(), a.train.size());
  EXPECT_EQ(int64_t(flatten_pairs(a.train).size()), count_pairs(a.train));
}

TEST(Freedict, EngDeuPrefixParses) {
  FreedictOptions opt;  // eng-deu; first 2 MB of the 80 MB body keep the test fast
  opt.dictd_dir = test_data::kDictdDir;
  opt.max_dict_bytes = 2 << 20;
  const PhraseDataset ds = load_freedict(opt);
  EXPECT_GT(ds.entries_read, 5000);
  EXPECT_GT(ds.train.size(), 3000u);
  for (const auto& g : ds.test) {
    EXPECT_FALSE(g.src.empty());
    for (const auto& r : g.refs) {
      EXPECT_EQ(r.find_first_of("<>[]{}/"), std::string::npos) << r;
      EXPECT_EQ(r.find("  "), std::string::npos) << r;
    }
  }
}

TEST(Freedict, MissingDictionaryNamesFile) {
  FreedictOptions opt;
  opt.dictd_dir = test_data::kDictdDir;
  opt.pair = "eng-xxx";
  expect_error<DataError>([&] { load_freedict(opt); },
                          {"/usr/share/dictd/freedict-eng-xxx.index", "cannot open"});
  opt.pair = "eng-fra";
  opt.valid_permille = 600;
  opt.test_permille = 600;
  EXPECT_THROW(load_freedict(opt), InputError);
}

}  // namespace
}  // namespace shiftadd::data
