// Params/MACs of the shipped traces against the ShiftAddNAS seed table (../shared/seeds) and HAT's table.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "workload/counts.h"
#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

NetworkCounts count_trace(const std::string& name) {
  return count_network(load_workload(std::string(SHIFTADD_SOURCE_DIR) + "/traces/" + name));
}

double rel_err(double ours, double seed) { return std::fabs(ours - seed) / seed; }

struct SeedRow {
  const char* trace;
  double params, macs;  // seed table: Params, MACs
};

// Seed table rows (ImageNet): ResNet-50 26M/3.9G, ResNet-101 45M/7.6G, ViT-B/16 86M/18G, DeiT-T 6M/1.3G,
// DeiT-S 22M/4.6G. ViT's 18G is its 224^2 figure (see vit_b16_384 below and docs/workloads.md).
class SeedTable : public ::testing::TestWithParam<SeedRow> {};

TEST_P(SeedTable, ParamsAndMacsWithin3Percent) {
  const SeedRow& r = GetParam();
  NetworkCounts c = count_trace(r.trace);
  EXPECT_LT(rel_err(c.total.params, r.params), 0.03) << r.trace << " params " << c.total.params;
  EXPECT_LT(rel_err(c.total.macs, r.macs), 0.03) << r.trace << " MACs " << c.total.macs;
  // Multiplication networks: every MAC is one multiply and one accumulate, no shifts.
  EXPECT_EQ(c.total.mult, c.total.macs);
  EXPECT_EQ(c.total.add, c.total.macs);
  EXPECT_EQ(c.total.shift, 0);
}

INSTANTIATE_TEST_SUITE_P(Workload, SeedTable,
                         ::testing::Values(SeedRow{"resnet50.yaml", 26e6, 3.9e9}, SeedRow{"resnet101.yaml", 45e6, 7.6e9},
                                           SeedRow{"vit_b16_224.yaml", 86e6, 18e9}, SeedRow{"deit_t.yaml", 6e6, 1.3e9},
                                           SeedRow{"deit_s.yaml", 22e6, 4.6e9}));

TEST(SeedTable, ExactParamCountsOfTheReferenceImplementations) {
  EXPECT_EQ(count_trace("resnet50.yaml").total.params, 25557032);     // torchvision resnet50
  EXPECT_EQ(count_trace("resnet101.yaml").total.params, 44549160);    // torchvision resnet101
  EXPECT_EQ(count_trace("vit_b16_224.yaml").total.params, 86567656);  // timm vit_base_patch16_224
}

TEST(SeedTable, VitAt384HasTheSeedParamsButThreeTimesTheMacs) {
  NetworkCounts c = count_trace("vit_b16_384.yaml");
  EXPECT_LT(rel_err(c.total.params, 86e6), 0.03);
  EXPECT_LT(rel_err(c.total.macs, 55.5e9), 0.01);  // DeiT Table 1: ViT-B/16 at 384^2 = 55.5G
}

TEST(SeedTable, HybridArchitecturesMatchTheirRows) {
  // ShiftAddNAS-T0 30M/3.7G, T1 30M/6.4G, BossNAS-T0 38M/3.5G.
  NetworkCounts t0 = count_trace("shiftaddnas_t0.yaml"), t1 = count_trace("shiftaddnas_t1.yaml");
  NetworkCounts boss = count_trace("bossnas_t0.yaml");
  EXPECT_LT(rel_err(t0.total.params, 30e6), 0.03);
  EXPECT_LT(rel_err(t0.total.macs, 3.7e9), 0.03);
  EXPECT_LT(rel_err(t1.total.params, 30e6), 0.03);
  EXPECT_LT(rel_err(t1.total.macs, 6.4e9), 0.03);
  EXPECT_LT(rel_err(boss.total.params, 38e6), 0.03);
  EXPECT_LT(rel_err(boss.total.macs, 3.5e9), 0.03);
  // T0 has shift and add blocks: MACs = mult + shift + add-PE MACs; adds = mult + shift + 2 * add-PE.
  int64_t add_pe_macs = t0.total.macs - t0.total.mult - t0.total.shift;
  EXPECT_GT(t0.total.shift, 0);
  EXPECT_GT(add_pe_macs, 0);
  EXPECT_EQ(t0.total.add, t0.total.mult + t0.total.shift + 2 * add_pe_macs);
  EXPECT_EQ(t1.total.shift, t0.total.shift);  // the shift block sits in stage 3 in both
}

// HAT (ACL 2020) reports params without embeddings and FLOPs (2 x MACs) without the output projection.
struct HatRow {
  const char* trace;
  double params, flops;
};
class HatTable : public ::testing::TestWithParam<HatRow> {};

TEST_P(HatTable, ParamsAndFlopsInHatConvention) {
  const HatRow& r = GetParam();
  NetworkCounts c = count_trace(r.trace);
  int64_t last = 0;
  for (const CountRow& row : c.rows)
    if (row.block == "output_projection") last += row.per_copy.macs * row.repeat;
  ASSERT_GT(last, 0);
  EXPECT_GT(c.total.embedding_params, 0);
  EXPECT_LT(rel_err(c.total.params - c.total.embedding_params, r.params), 0.03) << r.trace;
  EXPECT_LT(rel_err(2.0 * (c.total.macs - last), r.flops), 0.03) << r.trace;
}

INSTANTIATE_TEST_SUITE_P(Workload, HatTable,
                         ::testing::Values(HatRow{"hat_wmt14ende_rpi_6.0s.yaml", 44e6, 2.7e9},
                                           HatRow{"hat_wmt14ende_rpi_4.5s.yaml", 36e6, 2.2e9},
                                           HatRow{"hat_wmt14ende_rpi_3.5s.yaml", 25e6, 1.5e9}));

TEST(HatTable, TransformerBaseByHand) {
  // Encoder layer: 4 (512^2 + 512) attention + 2 LN (1024) + FFN (2 * 512 * 2048 + 2048 + 512) = 3,152,384;
  // decoder layer adds a cross attention and a third LN: 4,204,032. Shared embedding 32768 x 512.
  NetworkCounts c = count_trace("transformer_base_wmt.yaml");
  EXPECT_EQ(c.total.params - c.total.embedding_params, 6 * 3152384 + 6 * 4204032);
  EXPECT_EQ(c.total.embedding_params, 32768 * 512);
}

}  // namespace
}  // namespace shiftadd::workload
