// BLEU must equal sacreBLEU's default corpus_bleu (13a, 4-gram, exp smoothing, BP).
// Expected values are derived by hand in the comments; no Python needed.
#include "models/data/bleu.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace shiftadd::data {
namespace {

using Refs = std::vector<std::vector<std::string>>;

double bleu1(const std::string& hyp, const std::string& ref) {
  return corpus_bleu(std::vector<std::string>{hyp}, std::vector<std::string>{ref}).score;
}

TEST(Tokenize13a, MatchesMtevalRules) {
  EXPECT_EQ(tokenize_13a("Hello, world!"), "Hello , world !");
  // Period/comma kept between digits; a final period split off; '$' isolated.
  EXPECT_EQ(tokenize_13a("It costs $3.50."), "It costs $ 3.50 .");
  EXPECT_EQ(tokenize_13a("1,000 people"), "1,000 people");
  EXPECT_EQ(tokenize_13a("a.b"), "a . b");
  EXPECT_EQ(tokenize_13a("pages 2-3"), "pages 2 - 3");      // dash after a digit
  EXPECT_EQ(tokenize_13a("well-known"), "well-known");       // dash after a letter kept
  EXPECT_EQ(tokenize_13a("don't"), "don't");                 // apostrophe not split
  EXPECT_EQ(tokenize_13a("(Straße)."), "( Straße ) .");      // UTF-8 passes through
  EXPECT_EQ(tokenize_13a("a &amp; b &quot;c&quot;"), "a & b \" c \"");
  EXPECT_EQ(tokenize_13a("x <skipped> y"), "x y");
  EXPECT_EQ(tokenize_13a("  a\u00a0b\tc  "), "a b c");  // Python whitespace incl. NBSP
}

TEST(Bleu, PerfectMatchIs100) {
  // 7 tokens "The cat sat on the mat ." on both sides: every precision 100 %, BP 1.
  const BleuScore s = corpus_bleu(std::vector<std::string>{"The cat sat on the mat."},
                                  std::vector<std::string>{"The cat sat on the mat."});
  EXPECT_DOUBLE_EQ(s.score, 100.0);
  EXPECT_EQ(s.correct, (std::array<int64_t, 4>{7, 6, 5, 4}));
  EXPECT_EQ(s.total, (std::array<int64_t, 4>{7, 6, 5, 4}));
  EXPECT_EQ(s.sys_len, 7);
  EXPECT_EQ(s.ref_len, 7);
}

TEST(Bleu, PartialMatchByHand) {
  // hyp a b c d e f / ref a b c d x y: matches 4/6, 3/5, 2/4, 1/3;
  // BLEU = 100 * (4/6 * 3/5 * 2/4 * 1/3)^(1/4) = 100 * (1/15)^(1/4) = 50.8133.
  EXPECT_NEAR(bleu1("a b c d e f", "a b c d x y"), 100.0 * std::pow(1.0 / 15.0, 0.25), 1e-9);
  EXPECT_NEAR(bleu1("a b c d e f", "a b c d x y"), 50.8133, 1e-4);
}

TEST(Bleu, BrevityPenalty) {
  // hyp 4 tokens, ref 8: all precisions 100 %, BP = exp(1 - 8/4) = e^-1 -> 36.7879.
  const BleuScore s = corpus_bleu(std::vector<std::string>{"a b c d"},
                                  std::vector<std::string>{"a b c d e f g h"});
  EXPECT_NEAR(s.bp, std::exp(-1.0), 1e-12);
  EXPECT_NEAR(s.score, 36.7879, 1e-4);
  // A longer hypothesis is not penalised: hyp "a b c d e" vs ref "a b c d": BP 1,
  // precisions 4/5, 3/4, 2/3, 1/2 -> (1/5)^(1/4) = 66.874.
  EXPECT_NEAR(bleu1("a b c d e", "a b c d"), 100.0 * std::pow(0.2, 0.25), 1e-9);
}

TEST(Bleu, ExpSmoothingOfZeroCounts) {
  // hyp a b c x / ref a b c d: 3/4, 2/3, 1/2, 0/1 -> exp smoothing: p4 = 1/(2*1) = 50 %.
  // BLEU = (3/4 * 2/3 * 1/2 * 1/2)^(1/4) = (1/8)^(1/4) = 59.4604.
  EXPECT_NEAR(bleu1("a b c x", "a b c d"), 100.0 * std::pow(0.125, 0.25), 1e-9);
  // hyp a b x y / ref a b c d: 2/4, 1/3, 0/2 -> 1/(2*2), 0/1 -> 1/(4*1).
  // BLEU = (1/2 * 1/3 * 1/4 * 1/4)^(1/4) = (1/96)^(1/4) = 31.9472.
  EXPECT_NEAR(bleu1("a b x y", "a b c d"), 100.0 * std::pow(1.0 / 96.0, 0.25), 1e-9);
}

TEST(Bleu, ZeroMatchAndShortSegments) {
  EXPECT_EQ(bleu1("foo bar", "baz qux"), 0.0);  // no matches at all: early exit
  EXPECT_EQ(bleu1("", "a b"), 0.0);             // empty hypothesis: BP 0
  // Two-token corpus: no 3- and 4-grams exist, sacreBLEU stops and logs 0 -> score 0.
  EXPECT_EQ(bleu1("a b", "a b"), 0.0);
}

TEST(Bleu, CorpusAggregatesCountsNotScores) {
  // seg1 a b c d == ref; seg2 x y vs z w. Counts: 1g 4/6, 2g 3/4, 3g 2/2, 4g 1/1; BP 1.
  // BLEU = (4/6 * 3/4 * 1 * 1)^(1/4) = (1/2)^(1/4) = 84.0896.
  const BleuScore s = corpus_bleu(std::vector<std::string>{"a b c d", "x y"},
                                  std::vector<std::string>{"a b c d", "z w"});
  EXPECT_EQ(s.total, (std::array<int64_t, 4>{6, 4, 2, 1}));
  EXPECT_NEAR(s.score, 100.0 * std::pow(0.5, 0.25), 1e-9);
}

TEST(Bleu, MultipleReferences) {
  // Closest reference length: |4-2| = 2, |4-5| = 1 -> 5; BP = exp(1 - 5/4); all hyp
  // n-grams appear in the second reference -> 77.8801.
  const std::vector<std::string> hyp = {"a b c d"};
  EXPECT_NEAR(corpus_bleu(hyp, Refs{{"a b", "a b c d e"}}).score, 100.0 * std::exp(-0.25), 1e-9);
  // Tie |4-3| = |4-5|: the shorter length 3 wins, so no brevity penalty -> 100.
  EXPECT_DOUBLE_EQ(corpus_bleu(hyp, Refs{{"a b c", "a b c d e"}}).score, 100.0);
  // Clipping uses the max count over references: "a a a a" vs {"a a", "a"} -> 2/4 at 1g.
  const BleuScore s = corpus_bleu(std::vector<std::string>{"a a a a"}, Refs{{"a a", "a"}});
  EXPECT_EQ(s.correct[0], 2);
  // Empty references are ignored; a segment with none is an error.
  EXPECT_DOUBLE_EQ(corpus_bleu(hyp, Refs{{"", "a b c d"}}).score, 100.0);
  EXPECT_THROW(corpus_bleu(hyp, Refs{{""}}), InputError);
  EXPECT_THROW(corpus_bleu(hyp, Refs{}), InputError);
}

TEST(Bleu, CaseSensitiveAndTokenized) {
  // "The" vs "the": 1g 5/6 ... -> below 100; punctuation is split before matching.
  EXPECT_LT(bleu1("The cat sat on a mat", "the cat sat on a mat"), 100.0);
  EXPECT_DOUBLE_EQ(bleu1("Hello, world!", "Hello , world !"), 100.0);
  EXPECT_EQ(corpus_bleu(std::vector<std::string>{"a b c d"}, std::vector<std::string>{"a b c d"})
                .format(),
            "BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 "
            "ref_len = 4)");
}

}  // namespace
}  // namespace shiftadd::data
