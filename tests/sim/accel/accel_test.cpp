// Accelerator model: mapping, memory bound, concurrency, backends, whole networks on the shipped configs.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "workload/trace.h"
#include "cost/accel/accelerator.h"
#include "cost/accel/net_report.h"
#include "sim/systemc_backend.h"
#include "tests/sim/sim_session.h"

namespace shiftadd {
namespace {

using workload::Engine;
using workload::GemmShape;

// A one-array config with chosen buffer sizes and DRAM bandwidth, written next to the build.
std::string write_cfg(const std::string& name, double ifmap_kb, double dram_bpc, double ofmap_kb = 64) {
  const std::string path = std::string(SHIFTADD_BINARY_DIR) + "/" + name + ".yaml";
  std::ofstream(path) << "name: " << name << "\nclock_mhz: 500\ntech: configs/tech/shiftaddnas_45nm.yaml\n"
      "arrays:\n  - {name: m, impl: systolic, pe: mult, dataflow: ws, rows: 4, cols: 4, a_bits: 8, w_bits: 8,"
      " acc_bits: 32, overflow: wrap}\naccel:\n  tech: configs/tech/accel_45nm.yaml\n  buffers:\n"
      "    impl: double_buffer\n    reuse: layer_to_layer\n    ifmap: {size_kb: " << ifmap_kb << ", banks: 1, bandwidth_words_per_cycle: 4}\n"
      "    weight: {size_kb: 64, banks: 1, bandwidth_words_per_cycle: 4}\n"
      "    ofmap: {size_kb: " << ofmap_kb << ", banks: 1, bandwidth_words_per_cycle: 8}\n"
      "  dram: {bandwidth_bytes_per_cycle: " << dram_bpc << ", type: lpddr4}\n  vector_unit: {impl: lanes, lanes: 4}\n";
  return path;
}

TEST(Accel, ShippedConfigsLoadWithAreas) {
  for (const char* f : {"configs/hw/eyeriss_168.yaml", "configs/hw/tpu_32x32.yaml", "configs/hw/hybrid.yaml"}) {
    const AccelConfig c = load_accel_config(f);
    EXPECT_GT(accel_area_mm2(c), 0.0) << f;
    EXPECT_GT(c.dram_bytes_per_cycle, 0.0) << f;
  }
  const AccelConfig e = load_accel_config("configs/hw/eyeriss_168.yaml");
  EXPECT_EQ(e.hw.arrays[0].rows * e.hw.arrays[0].cols, 168);
  EXPECT_DOUBLE_EQ(e.dram_bytes_per_cycle, 16.0);  // 4 GB/s at 250 MHz
}

// The power laws fitted to the table's four Cacti points: within a factor 1.7 of each point (the
// 128 KB, 64-bit-word point sits highest above the trend), rising with size, linear in the word width.
TEST(Accel, SramEnergyFollowsTheCactiPoints) {
  const AccelTech t = load_accel_tech("configs/tech/accel_45nm.yaml");
  const struct { double kb, bits, read, write; } pts[] = {
      {0.375, 16, 0.68, 1.58}, {4, 32, 4.82, 4.49}, {64, 256, 51.9, 66.3}, {128, 64, 32.4, 26.2}};
  for (const auto& p : pts) {
    EXPECT_NEAR(std::log(t.sram_read_pj(p.kb, int(p.bits)) / p.read), 0.0, std::log(1.7)) << p.kb;
    EXPECT_NEAR(std::log(t.sram_write_pj(p.kb, int(p.bits)) / p.write), 0.0, std::log(1.7)) << p.kb;
  }
  EXPECT_LT(t.sram_read_pj(8, 16), t.sram_read_pj(64, 16));
  EXPECT_DOUBLE_EQ(t.sram_read_pj(8, 32), 2 * t.sram_read_pj(8, 16));
  EXPECT_DOUBLE_EQ(t.dram_pj_per_bit.at("lpddr4"), 8.0);
  EXPECT_DOUBLE_EQ(t.dram_pj_per_bit.at("eyeriss_ref"), 12.5);
}

TEST(Accel, DramTypePicksItsEnergyAndAnUnknownOneIsAConfigError) {
  EXPECT_DOUBLE_EQ(load_accel_config("configs/hw/hybrid.yaml").dram_energy_pj_per_bit, 8.0);
  EXPECT_DOUBLE_EQ(load_accel_config("configs/hw/hybrid_ref.yaml").dram_energy_pj_per_bit, 12.5);
  std::string text;
  {
    std::ifstream in(write_cfg("dram_type_bad", 64, 16));
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("type: lpddr4"), 12, "type: sdram");
  const std::string bad = std::string(SHIFTADD_BINARY_DIR) + "/dram_type_bad2.yaml";
  std::ofstream(bad) << text;
  try {
    load_accel_config(bad);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "accel.dram.type") << e.what();
  }
}

TEST(Accel, BackendsAgree) {
  const AccelConfig cfg = load_accel_config("configs/hw/hybrid.yaml");
  const Accelerator a(cfg), s(cfg, make_systemc_backend(testutil::sim_session()));
  for (Engine e : {PeKind::kMult, PeKind::kShift, PeKind::kAdd})
    for (auto [m, k, n] : {std::tuple{1, 1, 1}, {100, 37, 70}, {3136, 576, 64}}) {
      const GemmShape g{"", m, k, n, 2, e, false};
      const LayerCost x = a.gemm_cost(g), y = s.gemm_cost(g);
      EXPECT_EQ(x.cycles, y.cycles);
      EXPECT_EQ(x.pe_ops, y.pe_ops);
      EXPECT_DOUBLE_EQ(x.energy.total_pj(), y.energy.total_pj());
    }
}

TEST(Accel, ComputeBoundGemmHasNoStallBeyondPrologue) {
  const Accelerator acc(load_accel_config(write_cfg("acc_fast", 64, 1000)));
  // 4x4 WS, M=8, K=4, N=4: one fold of 2R+C+M-2 = 18 cycles; DRAM 32+16+32 bytes at 1000 B/cycle.
  const LayerCost c = acc.gemm_cost({"", 8, 4, 4, 1, PeKind::kMult, false});
  EXPECT_EQ(c.compute_cycles, 18);
  EXPECT_EQ(c.dram_bytes, 8 * 4 + 4 * 4 + 8 * 4);
  EXPECT_EQ(c.cycles, 18 + 1);  // prologue: ceil((16 + 32 + 32) / 1000) = 1
  EXPECT_EQ(c.pe_ops, 8 * 4 * 4);
}

TEST(Accel, DramBoundGemmStalls) {
  const Accelerator acc(load_accel_config(write_cfg("acc_slow", 64, 1)));
  const LayerCost c = acc.gemm_cost({"", 8, 4, 4, 1, PeKind::kMult, false});
  EXPECT_EQ(c.compute_cycles, 18);
  // 80 DRAM bytes at 1 B/cycle, plus the 16 + 32 + 32 bytes of first and last tiles not overlapped.
  EXPECT_EQ(c.cycles, 80 + 80);
}

TEST(Accel, IfmapLargerThanHalfBufferIsRefetchedPerColumnFold) {
  const Accelerator acc(load_accel_config(write_cfg("acc_small", 0.25, 1000)));
  // A = 64 x 4 bytes = 256 > 128 (half of 0.25 KB): fetched once per column fold (N=8 -> 2 folds).
  const LayerCost c = acc.gemm_cost({"", 64, 4, 8, 1, PeKind::kMult, false});
  EXPECT_EQ(c.dram_bytes, 2 * 256 + 4 * 8 + 64 * 8);
}

TEST(Accel, PsumsThatDoNotFitCostTheCheaperOfSpillOrWeightRefetch) {
  // 4x4 WS, ofmap 0.25 KB (half = 128 B). M=16, K=8, N=4: psum tile 16*4*4 = 256 B -> 2 M tiles;
  // spill would be 2*(2-1)*16*4*4 = 512 B, re-fetching the 32 weight bytes once is cheaper.
  const Accelerator acc(load_accel_config(write_cfg("acc_psum", 64, 1000, 0.25)));
  const LayerCost c = acc.gemm_cost({"", 16, 8, 4, 1, PeKind::kMult, false});
  EXPECT_EQ(c.dram_bytes, 16 * 8 + 2 * 8 * 4 + 16 * 4);
}

TEST(Accel, BufferTooSmallForAnyTileIsAConfigError) {
  try {
    load_accel_config(write_cfg("acc_tiny", 64, 1, 0.1));  // ofmap needs 2 x 4x4 x 4 bytes = 0.125 KB
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("buffer too small for any tile"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("accel.buffers.ofmap.size_kb"), std::string::npos) << e.what();
  }
}

TEST(Accel, FallbackRunsShiftAndAddOnTheMultArray) {
  const Accelerator tpu(load_accel_config("configs/hw/tpu_32x32.yaml"));
  EXPECT_EQ(tpu.array_for(PeKind::kShift), 0);
  EXPECT_EQ(tpu.array_for(PeKind::kAdd), 0);
  const Accelerator hy(load_accel_config("configs/hw/hybrid.yaml"));
  EXPECT_EQ(hy.array_for(PeKind::kShift), 1);
  EXPECT_EQ(hy.array_for(PeKind::kAdd), 2);
  const LayerCost c = tpu.gemm_cost({"", 16, 16, 16, 1, PeKind::kShift, false});
  EXPECT_GT(c.energy.op_pj.at("mult"), 0.0);
}

TEST(Accel, BranchesOnDisjointArraysOverlap) {
  LayerCost a, b;
  a.cycles = 100, a.dram_cycles = 10, a.busy[0] = 100;
  b.cycles = 60, b.dram_cycles = 20, b.busy[1] = 60;
  bool conc = false;
  EXPECT_EQ(combine_branches({a, b}, &conc).cycles, 100);
  EXPECT_TRUE(conc);
  b.busy[1] = 0, b.busy[0] = 60;  // same array: serial
  EXPECT_EQ(combine_branches({a, b}, &conc).cycles, 160);
  EXPECT_FALSE(conc);
  b.busy[0] = 20, b.busy[1] = 40;  // shares 20 cycles of array 0: 100 + 20
  EXPECT_EQ(combine_branches({a, b}, &conc).cycles, 120);
  b.busy[0] = 0, b.busy[1] = 60, b.dram_cycles = 150;  // shared DRAM bounds the overlap
  EXPECT_EQ(combine_branches({a, b}, &conc).cycles, 160);
}

TEST(Accel, ResNet50AndT0RunOnAllShippedAccelerators) {
  for (const char* trace : {"traces/resnet50.yaml", "traces/shiftaddnas_t0.yaml"}) {
    const workload::Network net = workload::load_workload(trace);
    for (const char* hw : {"configs/hw/eyeriss_168.yaml", "configs/hw/tpu_32x32.yaml", "configs/hw/hybrid.yaml"}) {
      const Accelerator acc(load_accel_config(hw));
      const NetReport r = acc.simulate(net);
      EXPECT_GT(r.total.compute_cycles, 0) << trace << " " << hw;
      EXPECT_GE(r.total.cycles, r.total.compute_cycles) << trace << " " << hw;
      EXPECT_GT(r.total.energy.total_pj(), 0.0);
      EXPECT_GT(r.total.dram_bytes, 0);
      EXPECT_FALSE(r.rows.empty());
      const double u = summary_json(acc, r)["utilization"].get<double>();
      EXPECT_GT(u, 0.0);
      EXPECT_LE(u, 1.0);
    }
  }
}

TEST(Accel, HybridT0UsesShiftAndAddArraysConcurrently) {
  const workload::Network net = workload::load_workload("traces/shiftaddnas_t0.yaml");
  const NetReport hy = Accelerator(load_accel_config("configs/hw/hybrid.yaml")).simulate(net);
  EXPECT_GT(hy.total.energy.op_pj.at("shift"), 0.0);
  EXPECT_GT(hy.total.energy.op_pj.at("add"), 0.0);
  EXPECT_TRUE(hy.fallbacks.empty());
  const NetReport ey = Accelerator(load_accel_config("configs/hw/eyeriss_168.yaml")).simulate(net);
  EXPECT_EQ(ey.fallbacks.size(), 2u);  // shift -> mult, add -> mult
  EXPECT_EQ(ey.total.energy.op_pj.count("shift"), 0u);
}

TEST(Accel, HybridNlpBranchesOverlapOnlyWhereArraysDiffer) {
  const workload::Network net = workload::load_workload("traces/examples/shiftaddnas_nlp_hybrid_encoder.yaml");
  const NetReport hy = Accelerator(load_accel_config("configs/hw/hybrid.yaml")).simulate(net);
  EXPECT_GT(hy.concurrent_blocks, 0);
  int64_t serial = 0;
  for (const LayerRow& r : hy.rows) serial += r.cost.cycles * r.repeat;
  EXPECT_LT(hy.total.cycles, serial);
}

TEST(Accel, ReportsHaveOneCsvRowPerLayerAndAPlot) {
  const workload::Network net = workload::load_workload("traces/resnet50.yaml");
  const Accelerator acc(load_accel_config("configs/hw/tpu_32x32.yaml"));
  const NetReport r = acc.simulate(net);
  const std::string csv = layers_csv(acc, r);
  EXPECT_EQ(size_t(std::count(csv.begin(), csv.end(), '\n')), r.rows.size() + 1);
  NetReport odd = r;
  odd.rows.resize(1);
  odd.rows[0].layer = "a,b<&>";
  EXPECT_NE(layers_csv(acc, odd).find("\"a,b<&>\""), std::string::npos);
  odd.rows[0].layer = "a\"b";
  EXPECT_NE(energy_plot_data(odd).find("\"a\\\"b\""), std::string::npos);  // gnuplot-quoted label
  const std::string dat = energy_plot_data(r);
  EXPECT_EQ(size_t(std::count(dat.begin(), dat.end(), '\n')), r.rows.size() + 1);
  const std::string gp = energy_plot_script(r, "out/x");
  EXPECT_NE(gp.find("set output \"out/x/energy_breakdown.svg\""), std::string::npos);
  EXPECT_NE(gp.find("set ylabel \"energy per layer, all copies (uJ)\""), std::string::npos);
  EXPECT_EQ(size_t(std::count(gp.begin(), gp.end(), '\n')), 23u) << gp;  // 15 set-up lines + 8 plotted parts
}

}  // namespace
}  // namespace shiftadd
