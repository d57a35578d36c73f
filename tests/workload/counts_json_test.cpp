// JSON report of `shiftadd count --json`: totals, vector ops and per-layer rows.
#include "workload/counts_json.h"

#include <gtest/gtest.h>

#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

TEST(CountsJson, TotalsVectorOpsAndRows) {
  Network net = parse_trace(YamlNode::load_string(R"(
name: j
input: [1, 8, 4, 4]
blocks:
  - name: b
    repeat: 2
    branches:
      - {name: main, layers: [{type: add_conv2d, out: 8, kernel: 1}, {type: relu}]}
      - {name: shortcut, layers: []}
    merge: add
)",
                                                  "j.yaml"));
  nlohmann::json j = counts_to_json(net, count_network(net), true);
  EXPECT_EQ(j["name"], "j");
  EXPECT_EQ(j["output"], nlohmann::json({1, 8, 4, 4}));
  EXPECT_EQ(j["totals"]["macs"], 2 * 16 * 8 * 8);
  EXPECT_EQ(j["totals"]["add"], 2 * 2 * 16 * 8 * 8);  // adder layer: 2 adds per MAC
  EXPECT_EQ(j["totals"]["params"], 2 * 64);
  EXPECT_EQ(j["vector_ops"]["relu"], 2 * 128);
  EXPECT_EQ(j["vector_ops"]["add"], 2 * 128);  // residual merge
  ASSERT_EQ(j["layers"].size(), 3u);             // conv, relu, merge
  EXPECT_EQ(j["layers"][0]["engine"], "add");
  EXPECT_EQ(j["layers"][0]["repeat"], 2);
  EXPECT_EQ(j["layers"][2]["type"], "residual_add");
  EXPECT_FALSE(counts_to_json(net, count_network(net), false).contains("layers"));
}

}  // namespace
}  // namespace shiftadd::workload
