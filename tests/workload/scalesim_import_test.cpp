// SCALE-Sim v2 topology CSV import: conv rows (no padding, ceil output), GEMM rows, DP rows, bad rows.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "workload/counts.h"
#include "workload/lowering.h"
#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

const Layer& only_layer(const Block& b) { return b.branches.at(0).layers.at(0); }

TEST(ScaleSimImport, ResNet50ConvTopology) {
  Network net = load_workload(std::string(SHIFTADD_SOURCE_DIR) + "/traces/scalesim/resnet50_conv.csv");
  EXPECT_TRUE(net.warnings.empty());  // SCALE-Sim's own topology file: nothing to remark
  ASSERT_EQ(net.blocks.size(), 54u);
  const Layer& conv1 = only_layer(net.blocks[0]);
  EXPECT_EQ(conv1.name, "Conv1");
  EXPECT_EQ(conv1.out, (ActShape{1, 64, 110, 110}));  // ceil((224 - 7 + 2) / 2), no padding
  GemmShape g = lower_to_gemms(conv1).at(0);
  EXPECT_EQ(g.m, 110 * 110);  // SCALE-Sim: M = output pixels, K = Fh*Fw*Cin, N = Cout
  EXPECT_EQ(g.k, 7 * 7 * 3);
  EXPECT_EQ(g.n, 64);
  const Layer& c3 = only_layer(net.blocks[2]);  // CB2a_2: 3x3 at 56x56 without padding -> 54x54
  EXPECT_EQ(c3.name, "CB2a_2");
  EXPECT_EQ(c3.out.h, 54);
  EXPECT_EQ(lower_to_gemms(c3).at(0).macs(), 54 * 54 * 9 * 64 * 64);
  const Layer& fc = only_layer(net.blocks.back());
  EXPECT_EQ(fc.name, "FC6");
  EXPECT_EQ(lower_to_gemms(fc).at(0).macs(), 2048 * 1000);
  // Sum of SCALE-Sim's num_mac = ofmap_h * ofmap_w * Fh * Fw * C * N over the rows.
  EXPECT_EQ(count_network(net).total.macs, 3479536384);
}

TEST(ScaleSimImport, GemmFormatAndDepthwiseRows) {
  Network gemm = parse_scalesim_csv("Layer, M, N, K,\nqkv, 197, 2304, 768,\nproj, 197, 768, 768,\n", "g.csv");
  ASSERT_EQ(gemm.blocks.size(), 2u);
  GemmShape g = lower_to_gemms(only_layer(gemm.blocks[0])).at(0);
  EXPECT_EQ(g.m, 197);
  EXPECT_EQ(g.k, 768);
  EXPECT_EQ(g.n, 2304);
  Network dp = parse_scalesim_csv(
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides, Stride Width,\n"
      "DP1, 10, 12, 3, 3, 32, 1, 1, 2,\n",
      "dp.csv");
  const Layer& l = only_layer(dp.blocks[0]);
  EXPECT_EQ(l.out, (ActShape{1, 32, 8, 6}));  // ceil((12 - 3 + 2) / 2); stride width 2 from the optional 9th column
  GemmShape d = lower_to_gemms(l).at(0);
  EXPECT_EQ(d.count, 32);  // one 1-channel conv per channel, as SCALE-Sim splits DP rows
  EXPECT_EQ(d.k, 9);
  EXPECT_EQ(d.n, 1);
}

void expect_csv_error(const std::string& text, const std::string& key, const std::string& what) {
  try {
    parse_scalesim_csv(text, "bad.csv");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "bad.csv");
    EXPECT_EQ(e.key(), key) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(ScaleSimImport, BadRowsNameLineAndColumn) {
  const std::string hdr =
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
  expect_csv_error(hdr + "c1, 5, 5, 7, 3, 3, 8, 1,\n", "line 2: Filter Height", "larger than the 5x5 IFMAP");
  expect_csv_error(hdr + "c1, 5, 5, 3, 3, 0, 8, 1,\n", "line 2: Channels", "expected a size >= 1");
  expect_csv_error(hdr + "c1, 5, five, 3, 3, 3, 8, 1,\n", "line 2: IFMAP Width", "expected an integer");
  expect_csv_error(hdr + "c1, 5, 5, 3, 3,\n", "line 2: row", "expected 8 or 9 values");
  expect_csv_error("a, b, c,\n", "line 1: header", "expected a SCALE-Sim header");
  expect_csv_error("Layer, M, N, K,\nx, 4, -1, 2,\n", "line 2: N", "expected a size >= 1");
}

// SCALE-Sim v2 (topology_utils.py) reads columns by position, ignores the header line, and drops the
// last comma-separated field of each row. What it accepts imports with the same layers; a header that
// changes the meaning is refused; anomalies that do not are warnings.
TEST(ScaleSimImport, HeaderChecksStayCompatible) {
  const std::string hdr =
      "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
  Network ok = parse_scalesim_csv(hdr + "c1, 8, 8, 3, 3, 4, 16, 1,\n", "ok.csv");
  EXPECT_TRUE(ok.warnings.empty());
  // No trailing comma on a 9-value row: SCALE-Sim drops the stride width (and uses the stride height).
  Network nine = parse_scalesim_csv(hdr + "c1, 9, 9, 3, 3, 4, 16, 1, 2\n", "nine.csv");
  EXPECT_EQ(only_layer(nine.blocks[0]).out, (ActShape{1, 16, 7, 7}));
  ASSERT_EQ(nine.warnings.size(), 1u);
  EXPECT_EQ(nine.warnings[0], "line 2: no trailing comma, so the last value '2' is dropped, as SCALE-Sim v2 does (end "
                              "the row with a comma to keep it)");
  // A typo in a name: read by position, with a warning.
  Network typo = parse_scalesim_csv(
      "Layer name, IFMAP Hieght, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
      "c1, 8, 8, 3, 3, 4, 16, 1,\n", "typo.csv");
  ASSERT_EQ(typo.warnings.size(), 1u);
  EXPECT_NE(typo.warnings[0].find("header column 2 'IFMAP Hieght' is not a SCALE-Sim column name"), std::string::npos);
  // Columns SCALE-Sim ignores: ignored here too, with a warning.
  Network extra = parse_scalesim_csv("Layer, M, N, K, note,\nfc, 4, 8, 16, 7,\n", "extra.csv");
  EXPECT_EQ(lower_to_gemms(only_layer(extra.blocks[0])).at(0).k, 16);
  EXPECT_EQ(extra.warnings.size(), 2u);
  // Refused: names in another order, and rows whose length disagrees with the header.
  expect_csv_error("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Num Filter, Channels, Strides,\n"
                   "c1, 8, 8, 3, 3, 16, 4, 1,\n",
                   "line 1: header", "column 6 is named 'Num Filter', but SCALE-Sim reads column 6 as 'Channels'");
  expect_csv_error(hdr + "c1, 8, 8, 3, 3, 4, 16, 1, 2,\n", "line 2: row", "9 values, but the header names 8 columns");
}

// Found by fuzz_scalesim: rows skipped the layer-size check of traces, and the MACs wrapped.
TEST(ScaleSimImport, HugeRowsAreRefusedNotWrapped) {
  expect_csv_error("Layer, M, N, K,\nfc, 64, 22222222222222222, 7,\n", "line 2: row", "impossible shape");
  expect_csv_error("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                   "c1, 4000000, 4000000, 1, 1, 4000000, 8, 1,\n",
                   "line 2: row", "impossible shape");
}

}  // namespace
}  // namespace shiftadd::workload
