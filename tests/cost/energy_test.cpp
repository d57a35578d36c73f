// Tech table parsing and lookups, and energy = counts x costs worked out by hand.
#include <gtest/gtest.h>

#include "core/error.h"
#include "cost/energy.h"
#include "cost/tech_table.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

using testutil::spec;

TEST(TechTable, ParsesShippedTablesWithSources) {
  ASSERT_TRUE(testutil::chdir_to_source());
  for (const char* f : {"configs/tech/shiftaddnas_45nm.yaml", "configs/tech/horowitz_45nm.yaml",
                        "configs/tech/systolic_45nm.yaml"}) {
    const TechTable t = load_tech_table(f);
    EXPECT_EQ(t.access_unit_bits, 16);
    for (const auto& [op, entries] : t.ops)
      for (const TechEntry& e : entries) EXPECT_FALSE(e.source.empty()) << f << " " << op;
    for (const auto& [level, e] : t.access) EXPECT_FALSE(e.source.empty()) << f << " " << level;
  }
  const TechTable h = load_tech_table("configs/tech/horowitz_45nm.yaml");
  EXPECT_DOUBLE_EQ(h.op_energy_pj("mult", 8), 0.2);
  EXPECT_DOUBLE_EQ(h.op_energy_pj("mult", 32), 3.1);
  EXPECT_DOUBLE_EQ(h.op_energy_pj("fadd", 16), 0.4);
}

TEST(TechTable, RoundsUpToNextTabulatedWidthAndErrorsAbove) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const TechTable t = load_tech_table("configs/tech/shiftaddnas_45nm.yaml");
  EXPECT_DOUBLE_EQ(t.op_energy_pj("shift", 4), 0.024);
  EXPECT_DOUBLE_EQ(t.op_energy_pj("shift", 8), 0.024);
  EXPECT_DOUBLE_EQ(t.op_energy_pj("shift", 9), 0.13);
  EXPECT_DOUBLE_EQ(t.op_energy_pj("add", 16), 0.9);
  EXPECT_DOUBLE_EQ(t.op_energy_pj("add", 32), 0.9);
  try {
    t.op_energy_pj("add", 33);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no 'add' entry at or above 33 bits (tabulated widths: 8, 32)"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(t.op_energy_pj("divide", 8), InputError);
  EXPECT_DOUBLE_EQ(t.access_energy_pj("register", 16), 3.7);
  EXPECT_DOUBLE_EQ(t.access_energy_pj("register", 8), 1.85);
  EXPECT_DOUBLE_EQ(t.access_energy_pj("dram", 32), 400.0);
  EXPECT_THROW(t.access_energy_pj("l3", 8), InputError);
}

TEST(TechTable, RejectsMissingSourceUnknownKeysAndMissingLevels) {
  const std::string head = "name: t\nterms: {mult: mult, shift: shift, add: add}\n"
                           "ops:\n  mult: [{bits: 8, energy_pj: 0.2, source: x}]\n"
                           "  add: [{bits: 32, energy_pj: 0.1, source: x}]\n";
  const std::string shift_ok = "  shift: [{bits: 8, energy_pj: 0.02, source: x}]\n";
  const std::string levels = "access:\n  unit_bits: 16\n  levels:\n    register: {energy_pj: 1, source: y}\n"
                             "    register_read: {energy_pj: 1, source: y}\n    acc_register: {energy_pj: 0, source: y}\n"
                             "    pe_transfer: {energy_pj: 2, source: y}\n    array_edge: {energy_pj: 2, source: y}\n";
  EXPECT_NO_THROW(load_tech_table(testutil::write_temp("t_ok.yaml", head + shift_ok + levels)));
  const auto expect_key = [](const std::string& file, const std::string& key) {
    try {
      load_tech_table(file);
      FAIL() << "expected ConfigError for " << key;
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.key(), key) << e.what();
    }
  };
  expect_key(testutil::write_temp("t_nosrc.yaml", head + "  shift: [{bits: 8, energy_pj: 0.02}]\n" + levels),
             "ops.shift[0].source");
  expect_key(testutil::write_temp("t_unk.yaml", head + shift_ok + levels + "area: 1\n"), "area");
  expect_key(testutil::write_temp("t_noshift.yaml", head + levels), "terms.shift");
  std::string no_terms = head + shift_ok + levels;
  no_terms.erase(no_terms.find("terms:"), no_terms.find("ops:") - no_terms.find("terms:"));
  expect_key(testutil::write_temp("t_noterms.yaml", no_terms), "terms");
  std::string bad_kind = head + shift_ok + levels;
  bad_kind.replace(bad_kind.find("add: add}"), 9, "add: add, ternary: mult}");
  expect_key(testutil::write_temp("t_badkind.yaml", bad_kind), "terms.ternary");
  expect_key(testutil::write_temp("t_nolevel.yaml",
                                  head + shift_ok + "access:\n  unit_bits: 16\n  levels:\n    register: {energy_pj: 1, source: y}\n"),
             "access.levels.register_read");
}

// The 2x2 WS 3x3x3 mult job of dataflow_test (hand-computed counts) priced with the reference table.
TEST(Energy, HandComputedBreakdown) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const TechTable t = load_tech_table("configs/tech/shiftaddnas_45nm.yaml");
  const ArraySpec s = spec(PeKind::kMult, Dataflow::kWS, 2, 2, 32, Overflow::kWrap);
  const ArrayEventCosts c = array_event_costs(t, s);
  EXPECT_EQ(c.op_kind, "mult");
  EXPECT_DOUBLE_EQ(c.pe_op_pj, 0.2);
  EXPECT_DOUBLE_EQ(c.acc_update_pj, 0.9);
  EXPECT_DOUBLE_EQ(c.operand_reg_read_pj, 1.85);
  EXPECT_DOUBLE_EQ(c.operand_reg_write_pj, 1.85);
  EXPECT_DOUBLE_EQ(c.psum_transfer_pj, 14.8);
  ArrayEvents e;
  e.pe_ops = 27, e.words_in_a = 18, e.words_in_b = 9, e.words_in_psum = 9, e.words_out = 18;
  e.operand_reg_reads = 54, e.operand_reg_writes = 36, e.acc_updates = 27, e.pe_transfers = 21, e.psum_transfers = 9;
  const EnergyBreakdown b = array_energy(c, e);
  EXPECT_NEAR(b.op_energy_pj.at("mult"), 27 * 0.2 + 27 * 0.9, 1e-9);
  EXPECT_NEAR(b.register_energy_pj, 90 * 1.85, 1e-9);
  EXPECT_NEAR(b.transfer_energy_pj, 12 * 3.7 + 9 * 14.8, 1e-9);
  EXPECT_NEAR(b.edge_io_energy_pj, 18 * 3.7 + 9 * 3.7 + 27 * 14.8, 1e-9);
  EXPECT_NEAR(b.total_energy_pj(), 873.3, 1e-9);
  EXPECT_EQ(b.op_energy_pj.size(), 1u);
}

TEST(Energy, ShiftAndAddUseTheirOpsAndSumAcrossArrays) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const TechTable t = load_tech_table("configs/tech/shiftaddnas_45nm.yaml");
  const ArrayEventCosts sc = array_event_costs(t, spec(PeKind::kShift, Dataflow::kOS, 4, 4, 32, Overflow::kWrap));
  EXPECT_EQ(sc.op_kind, "shift");
  EXPECT_DOUBLE_EQ(sc.pe_op_pj, 0.024);
  EXPECT_DOUBLE_EQ(sc.word_b_pj, 7.4 * 6 / 16);  // 6-bit shift code words
  const ArrayEventCosts ac = array_event_costs(t, spec(PeKind::kAdd, Dataflow::kOS, 4, 4, 16, Overflow::kWrap));
  EXPECT_DOUBLE_EQ(ac.pe_op_pj, 0.03);
  EXPECT_DOUBLE_EQ(ac.acc_update_pj, 0.9);  // 16-bit add rounds up to the 32-bit entry
  ArrayEvents e;
  e.pe_ops = e.acc_updates = 10;
  EnergyBreakdown total = array_energy(sc, e);
  total += array_energy(ac, e);
  EXPECT_NEAR(total.op_energy_pj.at("shift"), 10 * (0.024 + 0.9), 1e-12);
  EXPECT_NEAR(total.op_energy_pj.at("add"), 10 * (0.03 + 0.9), 1e-12);
  EXPECT_NEAR(total.total_energy_pj(), total.op_total_pj(), 1e-12);
  EXPECT_THROW(array_event_costs(t, spec(PeKind::kMult, Dataflow::kWS, 4, 4, 40, Overflow::kWrap)), InputError);
}

// The grounded per-action table: the AdderNet term costs |x - w| (two adders), the accumulator its add
// plus its register, a register read nothing, and a hop its destination register plus its wire.
TEST(Energy, SystolicTablePricesEachActionOnce) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const TechTable t = load_tech_table("configs/tech/systolic_45nm.yaml");
  EXPECT_EQ(t.term_op("add"), "abs_diff");
  EXPECT_EQ(t.term_op("mult"), "mult");
  const ArrayEventCosts m = array_event_costs(t, spec(PeKind::kMult, Dataflow::kWS, 4, 4, 32, Overflow::kWrap));
  const ArrayEventCosts a = array_event_costs(t, spec(PeKind::kAdd, Dataflow::kWS, 4, 4, 32, Overflow::kWrap));
  const ArrayEventCosts sh = array_event_costs(t, spec(PeKind::kShift, Dataflow::kWS, 4, 4, 32, Overflow::kWrap));
  EXPECT_DOUBLE_EQ(m.pe_op_pj, 1.0065);
  EXPECT_DOUBLE_EQ(a.pe_op_pj, 0.1667);
  EXPECT_DOUBLE_EQ(sh.pe_op_pj, 0.2913);
  EXPECT_EQ(a.op_kind, "add");  // the breakdown keeps the PE kind's name
  EXPECT_NEAR(m.acc_update_pj, 0.2667 + 0.18288 * 2, 1e-12);
  EXPECT_DOUBLE_EQ(m.operand_reg_read_pj, 0.0);
  EXPECT_NEAR(m.operand_reg_write_pj, 0.18288 / 2, 1e-12);
  EXPECT_NEAR(m.pe_transfer_pj, 0.13, 1e-12);
  EXPECT_NEAR(m.psum_transfer_pj, 0.52, 1e-12);
  // Per MAC, arithmetic is no longer a rounding error beside the data movement (issue: 4% before).
  ArrayEvents e;
  e.pe_ops = e.acc_updates = e.operand_reg_writes = e.operand_reg_reads = 100;
  e.pe_transfers = 200, e.psum_transfers = 100;
  const EnergyBreakdown b = array_energy(m, e);
  EXPECT_GT(b.op_total_pj() / b.total_energy_pj(), 0.5);
  EXPECT_LT(array_energy(a, e).total_energy_pj(), 0.7 * b.total_energy_pj());
}

}  // namespace
}  // namespace shiftadd
