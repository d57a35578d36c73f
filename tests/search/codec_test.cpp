#include "search/codec/arch_codec.h"

#include <gtest/gtest.h>

#include <set>

#include "core/error.h"

namespace shiftadd::search {
namespace {

SearchSpace space(const std::string& name) { return load_space(std::string(SHIFTADD_SOURCE_DIR) + "/configs/space/" + name + ".yaml"); }

class CodecRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(CodecRoundTrip, EncodeDecodeIsTheIdentityOnSampledSubnets) {
  const SearchSpace sp = space(GetParam());
  const auto c = make_codec(sp);
  Rng rng(11);
  for (int i = 0; i < 300; ++i) {
    const Arch a = sample_arch(sp, rng);
    const Genome g = c->encode(a);
    ASSERT_TRUE(c->valid(g));
    EXPECT_EQ(arch_key(c->decode(g), sp), arch_key(a, sp));
    // valid() is exactly membership (mutants may break total_depth; the proposer rejects those).
    const Genome m = mutate(*c, g, 0.5, rng);
    bool member = true;
    try {
      check_arch(sp, c->decode(m), "<mutant>");
    } catch (const ConfigError&) {
      member = false;
    }
    EXPECT_EQ(c->valid(m), member);
  }
}

TEST_P(CodecRoundTrip, ZeroMutationAndSelfCrossoverKeepTheGenome) {
  const SearchSpace sp = space(GetParam());
  const auto c = make_codec(sp);
  Rng rng(5);
  const Genome g = random_genome(*c, sp, rng);
  EXPECT_EQ(mutate(*c, g, 0.0, rng), g);
  EXPECT_EQ(crossover(g, g, rng), g);
  Genome bad = g;
  bad[0] = c->choices(0);
  EXPECT_FALSE(c->valid(bad));
}

INSTANTIATE_TEST_SUITE_P(Spaces, CodecRoundTrip, ::testing::Values("fmnist", "freedict", "cv_imagenet"));

// The fmnist space has 12 x 39 x 84 subnets; every one is a genome (enumerating genomes and
// decoding gives each exactly once among the canonical encodings).
TEST(CvCodec, CanonicalGenomesEnumerateTheFmnistSpaceExactly) {
  const SearchSpace sp = space("fmnist");
  const auto c = make_codec(sp);
  std::set<std::string> keys;
  Genome g(c->genes(), 0);
  for (;;) {
    const Arch a = c->decode(g);
    if (c->encode(a) == g) keys.insert(arch_key(a, sp));
    size_t i = 0;
    while (i < g.size() && ++g[i] == c->choices(i)) g[i++] = 0;
    if (i == g.size()) break;
  }
  EXPECT_EQ(keys.size(), 12u * 39u * 84u);
}

TEST(SpaceSignature, DiffersWhenAChoiceChanges) {
  SearchSpace a = space("fmnist"), b = a;
  EXPECT_EQ(space_signature(a), space_signature(b));
  b.cv.stages[2].channels = 64;
  EXPECT_NE(space_signature(a), space_signature(b));
}

// block_types: the mult-only part of fmnist is 2 x 3 x 14 = 84 subnets (conv everywhere, attn or conv
// in stage 2), every draw of its codec uses only those types, and a stage left empty is a config error.
TEST(BlockTypes, RestrictedSpaceDrawsOnlyTheNamedTypes) {
  const SearchSpace full = space("fmnist");
  const SearchSpace mo = restrict_block_types(full, {"conv", "attn"}, "cfg.yaml");
  const auto c = make_codec(mo);
  Rng rng(3);
  std::set<std::string> seen;
  for (int i = 0; i < 3000; ++i) {
    const Arch a = c->decode(random_genome(*c, mo, rng));
    check_arch(full, a, "<restricted>");  // still a member of the full space (same supernet, same LUT)
    for (const auto& st : a.stages)
      for (BlockType b : st) EXPECT_TRUE(b == BlockType::kConv || b == BlockType::kAttn) << to_string(b);
    seen.insert(arch_key(a, full));
  }
  EXPECT_EQ(seen.size(), 84u);
  EXPECT_EQ(restrict_block_types(full, {}, "cfg.yaml").cv.stages[0].blocks, full.cv.stages[0].blocks);
  try {
    restrict_block_types(full, {"attn"}, "cfg.yaml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "block_types");
    EXPECT_NE(std::string(e.what()).find("leaves stage 0 of the space with no block type"), std::string::npos) << e.what();
  }
  Arch shift_only = c->decode(random_genome(*c, mo, rng));
  shift_only.stages[0][0] = BlockType::kShift;
  EXPECT_THROW(check_block_types(shift_only, {"conv", "attn"}, "cfg.yaml", "s.yaml"), ConfigError);
  EXPECT_NO_THROW(check_block_types(shift_only, {}, "cfg.yaml", "s.yaml"));
}

}  // namespace
}  // namespace shiftadd::search
