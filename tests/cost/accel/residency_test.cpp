// Activation residency: fits / does not fit, a residual keeps the block input live, concurrent
// branches split the capacity, network edges live in DRAM; and its effect on simulated costs.
#include <gtest/gtest.h>

#include <fstream>

#include "workload/space/arch_workload.h"
#include "cost/accel/accelerator.h"
#include "cost/accel/residency.h"

namespace shiftadd {
namespace {

using workload::Block;
using workload::Layer;
using workload::ActShape;

ActShape sz(int64_t bytes) { return ActShape{1, bytes, 1, 1}; }
Layer lin(int64_t in, int64_t out) {
  Layer l;
  l.name = "l", l.type = "linear", l.in = sz(in), l.out = sz(out), l.attrs = workload::FullyConnected{out};
  return l;
}
Block chain_block(int64_t in, std::vector<int64_t> outs, bool residual = false) {
  Block b;
  b.name = "b", b.in = sz(in), b.out = sz(outs.back()), b.residual = residual;
  b.branches.emplace_back();
  for (int64_t o : outs) b.branches[0].layers.push_back(lin(in, o)), in = o;
  return b;
}
const ResidencyRule kRule{1000, 1};

TEST(Residency, OutputsStayWhenTheyFitWithTheirInput) {
  const BlockResidency r = block_residency(kRule, chain_block(100, {200, 300}), true, true);
  EXPECT_TRUE(r.branches[0][0].in_sram);
  EXPECT_TRUE(r.branches[0][0].out_sram);  // 100 + 200 <= 1000
  EXPECT_TRUE(r.branches[0][1].in_sram);
  EXPECT_TRUE(r.branches[0][1].out_sram);  // 200 + 300
  EXPECT_TRUE(r.out_sram);
  const BlockResidency n = block_residency(ResidencyRule{0, 1}, chain_block(100, {200, 300}), true, true);
  EXPECT_FALSE(n.branches[0][0].in_sram || n.branches[0][0].out_sram || n.out_sram);  // reuse: none
}

TEST(Residency, OutputsThatDoNotFitSpillToDram) {
  const BlockResidency r = block_residency(kRule, chain_block(100, {200, 900, 50}), true, true);
  EXPECT_TRUE(r.branches[0][0].out_sram);
  EXPECT_FALSE(r.branches[0][1].out_sram);  // 200 + 900 > 1000
  EXPECT_FALSE(r.branches[0][2].in_sram);
  EXPECT_TRUE(r.branches[0][2].out_sram);   // 50 alone fits
  EXPECT_FALSE(block_residency(kRule, chain_block(100, {200}), true, false).out_sram);  // not wanted
}

TEST(Residency, ResidualKeepsTheBlockInputLive) {
  // Without the residual: 400 + 500 and 500 + 400 both fit. With it, the 400-byte input stays
  // until the add, leaving 600: the first output (500) fits, the second (500 in + 400 out) does not.
  const BlockResidency plain = block_residency(kRule, chain_block(400, {500, 400}), true, true);
  EXPECT_TRUE(plain.branches[0][1].out_sram);
  const BlockResidency res = block_residency(kRule, chain_block(400, {500, 400}, true), true, true);
  EXPECT_TRUE(res.branches[0][0].out_sram);
  EXPECT_FALSE(res.branches[0][1].out_sram);
  EXPECT_FALSE(res.out_sram);
}

TEST(Residency, ConcurrentBranchesSplitTheCapacity) {
  Block two = chain_block(100, {500});
  two.branches.push_back(two.branches[0]);
  two.merge = workload::Merge::kAdd;
  // (1000 - 100 live input) / 2 branches = 450 < 500: both results spill; alone, one would stay.
  const BlockResidency r = block_residency(kRule, two, true, true);
  EXPECT_FALSE(r.branches[0][0].out_sram);
  EXPECT_FALSE(r.branches[1][0].out_sram);
  EXPECT_TRUE(block_residency(kRule, chain_block(100, {500}), true, true).branches[0][0].out_sram);
}

TEST(Residency, NetworkInputAndOutputLiveInDram) {
  workload::Network net;
  for (int i = 0; i < 3; ++i) net.blocks.push_back(chain_block(100, {100}));
  net.blocks[1].repeat = 4;
  const auto runs = network_residency(kRule, net);
  EXPECT_FALSE(runs[0][0].in_sram);
  EXPECT_TRUE(runs[0][0].plan.out_sram);
  ASSERT_EQ(runs[1].size(), 1u);  // all four copies read and keep on chip
  EXPECT_EQ(runs[1][0].copies, 4);
  EXPECT_TRUE(runs[1][0].in_sram && runs[1][0].plan.out_sram);
  EXPECT_TRUE(runs[2][0].in_sram);
  EXPECT_FALSE(runs[2][0].plan.out_sram);
}

TEST(Residency, ReuseCutsDramTrafficEnergyAndCycles) {
  const std::string none = std::string(SHIFTADD_BINARY_DIR) + "/tpu_reuse_none.yaml";
  {
    std::ifstream in("configs/hw/tpu_32x32.yaml");
    std::ofstream out(none);
    for (std::string line; std::getline(in, line);)
      out << (line.find("reuse:") != std::string::npos ? "    reuse: none" : line) << "\n";
  }
  const Accelerator on(load_accel_config("configs/hw/tpu_32x32.yaml"));
  const Accelerator off(load_accel_config(none));
  const SearchSpace sp = load_space(std::string(SHIFTADD_SOURCE_DIR) + "/configs/space/fmnist.yaml");
  Rng rng(2);
  const workload::Network net = arch_to_network(sp, sample_arch(sp, rng));
  const NetReport a = on.simulate(net), b = off.simulate(net);
  EXPECT_LT(a.total.dram_bytes, b.total.dram_bytes);
  EXPECT_LT(a.total.energy.dram_pj, b.total.energy.dram_pj);
  EXPECT_LE(a.total.cycles, b.total.cycles);
  EXPECT_EQ(a.total.pe_ops, b.total.pe_ops);
}

}  // namespace
}  // namespace shiftadd
