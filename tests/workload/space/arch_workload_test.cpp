// Subnet -> workload expansion: shapes resolve for sampled subnets of every shipped space.
#include <gtest/gtest.h>

#include "workload/space/arch_workload.h"
#include "workload/counts.h"

namespace shiftadd {
namespace {

const std::string kSrc = SHIFTADD_SOURCE_DIR;

TEST(ArchWorkload, SampledSubnetsOfEverySpaceExpand) {
  for (const char* name : {"cv_imagenet", "nlp_wmt", "fmnist", "freedict"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    Rng rng(7);
    for (int i = 0; i < 20; ++i) {
      const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
      ASSERT_FALSE(net.blocks.empty()) << name;
      if (sp.task == Task::kCv) {
        EXPECT_EQ(net.output, (workload::ActShape{1, sp.cv.num_classes, 1, 1})) << name;
      } else {
        EXPECT_EQ(net.output, (workload::ActShape{1, sp.nlp.vocab, sp.nlp.tgt_len, 1})) << name;
      }
    }
  }
}

TEST(ArchWorkload, CvBlockTypesPickTheEngine) {
  const SearchSpace sp = load_space(kSrc + "/configs/space/fmnist.yaml");
  Arch a;
  a.stages = {{BlockType::kShift}, {BlockType::kAdd}, {BlockType::kAttn}};
  const workload::Network net = arch_to_network(sp, a);
  ASSERT_EQ(net.blocks.size(), 5u);  // stem, 3 blocks, head
  EXPECT_EQ(net.blocks[1].branches[0].layers[0].engine, PeKind::kShift);
  EXPECT_EQ(net.blocks[2].branches[0].layers[0].engine, PeKind::kAdd);
  bool has_attn = false;
  for (const auto& l : net.blocks[3].branches[0].layers) has_attn |= l.type == "self_attention";
  EXPECT_TRUE(has_attn);
  EXPECT_EQ(net.blocks[2].in.h, 28);
  EXPECT_EQ(net.blocks[2].out.h, 14);  // stride 2 into the 14x14 stage
}

TEST(ArchWorkload, NlpHybridLayerHasTwoBranchesOnChannelHalves) {
  const SearchSpace sp = load_space(kSrc + "/configs/space/freedict.yaml");
  Arch a;
  a.enc_embed = 96, a.dec_embed = 64;
  a.encoder.assign(3, NlpLayerArch{BlockType::kAttnShift, 256, 4, 0, 0});
  a.decoder.assign(1, NlpLayerArch{BlockType::kAttn, 128, 2, 2, 1});
  const workload::Network net = arch_to_network(sp, a);
  const workload::Block& mix = net.blocks[1];
  ASSERT_EQ(mix.branches.size(), 2u);
  EXPECT_TRUE(mix.split_input);
  EXPECT_EQ(mix.branches[0].in.c, 48);
  EXPECT_EQ(mix.out.c, 96);
}

TEST(ArchWorkload, CoverArchsExpandForEverySpace) {
  for (const char* name : {"cv_imagenet", "nlp_wmt", "fmnist", "freedict"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    const std::vector<Arch> cover = cover_archs(sp);
    EXPECT_FALSE(cover.empty());
    for (const Arch& a : cover) EXPECT_NO_THROW(arch_to_network(sp, a)) << name;
  }
}

}  // namespace
}  // namespace shiftadd
