// BPE tokenizer: determinism, round trip, specials, save/load and its errors.
#include "models/data/tokenizer.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "data_test_util.h"
#include "tests/models/test_data.h"

namespace shiftadd::data {
namespace {

using testutil::expect_error;
using testutil::temp_dir;

const std::vector<std::string> kTexts = {
    "the cat sat", "the cat ate", "a cat", "Katze", "die Katze saß", "Straßenbahn",
    "the hat", "that cat", "Katzenklo", "low lower lowest", "newer newest wider"};

TEST(Tokenizer, TrainIsDeterministicAndRoundTrips) {
  const auto a = SubwordTokenizer::train(kTexts, 80);
  const auto b = SubwordTokenizer::train(kTexts, 80);
  EXPECT_TRUE(a == b);
  EXPECT_GT(a.num_merges(), 0);
  EXPECT_LE(a.vocab_size(), 80);
  for (const auto& t : kTexts) EXPECT_EQ(a.decode(a.encode(t)), t);
  // Frequent words become single pieces; "the" occurs 3 times.
  EXPECT_EQ(a.pieces("the"), (std::vector<std::string>{"\u2581the"}));
  // Unseen combination of seen characters still round-trips.
  EXPECT_EQ(a.decode(a.encode("tattle hatch")), "tattle hatch");
}

TEST(Tokenizer, SpecialsAndUnknown) {
  const auto t = SubwordTokenizer::train(kTexts, 60);
  const auto ids = t.encode("the cat", true, true);
  EXPECT_EQ(ids.front(), SubwordTokenizer::kBos);
  EXPECT_EQ(ids.back(), SubwordTokenizer::kEos);
  EXPECT_EQ(t.piece(SubwordTokenizer::kPad), "<pad>");
  auto padded = ids;
  padded.push_back(SubwordTokenizer::kPad);
  padded.push_back(17);  // after </s>: ignored
  EXPECT_EQ(t.decode(padded), "the cat");
  const auto q = t.encode("cat?");  // '?' never seen in training
  EXPECT_EQ(q.back(), SubwordTokenizer::kUnk);
  EXPECT_EQ(t.decode(q), "cat<unk>");
  EXPECT_THROW(t.piece(t.vocab_size()), InputError);
}

TEST(Tokenizer, CharacterLevelHasNoMerges) {
  const auto c = SubwordTokenizer::character_level(kTexts);
  EXPECT_EQ(c.num_merges(), 0);
  // "cat" -> marker + 3 characters.
  EXPECT_EQ(c.encode("cat").size(), 4u);
  EXPECT_EQ(c.decode(c.encode("die Katze saß")), "die Katze saß");
  EXPECT_THROW(SubwordTokenizer::train(kTexts, 10), InputError);  // below the alphabet
}

TEST(Tokenizer, SaveLoadRoundTripAndErrors) {
  const std::string d = temp_dir();
  const auto t = SubwordTokenizer::train(kTexts, 70);
  t.save(d + "/tok.txt");
  const auto u = SubwordTokenizer::load(d + "/tok.txt");
  EXPECT_TRUE(t == u);
  EXPECT_EQ(u.encode("the Straßenbahn"), t.encode("the Straßenbahn"));

  expect_error<DataError>([&] { SubwordTokenizer::load(d + "/none.txt"); },
                          {d + "/none.txt", "cannot open"});
  auto write = [&](const std::string& s) {
    testutil::write_bytes(d + "/bad.txt", {s.begin(), s.end()});
  };
  write("bpe 0\n");
  expect_error<DataError>([&] { SubwordTokenizer::load(d + "/bad.txt"); },
                          {d + "/bad.txt", "line 1", "bad header"});
  write("shiftadd-bpe 1\nchars 3\na\n\u2581\n");
  expect_error<DataError>([&] { SubwordTokenizer::load(d + "/bad.txt"); },
                          {d + "/bad.txt", "truncated"});
  write("shiftadd-bpe 1\nchars 2\nab\n\u2581\nmerges 0\n");
  expect_error<DataError>([&] { SubwordTokenizer::load(d + "/bad.txt"); },
                          {"line 3", "exactly one character"});
  write("shiftadd-bpe 1\nchars 2\na\n\u2581\nmerges 1\n4 9\n");
  expect_error<DataError>([&] { SubwordTokenizer::load(d + "/bad.txt"); },
                          {"line 6", "ids in [4, 6)"});
}

TEST(Tokenizer, PhraseTokenizerOnEngFraTrainSplit) {
  FreedictOptions opt;
  opt.dictd_dir = test_data::kDictdDir;
  opt.pair = "eng-fra";
  const PhraseDataset ds = load_freedict(opt);
  const auto tok = train_phrase_tokenizer(ds.train, 1000);
  EXPECT_EQ(tok.vocab_size(), 1000);
  int64_t failures = 0;
  for (const auto& g : ds.valid) {
    failures += tok.decode(tok.encode(g.src)) != g.src;
    for (const auto& r : g.refs)
      if (r.find_first_of("\u2581") == std::string::npos) {
        const auto ids = tok.encode(r);
        bool unk = false;
        for (int32_t i : ids) unk |= i == SubwordTokenizer::kUnk;
        if (!unk) failures += tok.decode(ids) != r;
      }
  }
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace shiftadd::data
