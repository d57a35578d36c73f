// YAML trace parsing: shape propagation, repeats and groups, parallel branches, and bad input.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "workload/counts.h"
#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

Network parse(const std::string& text) { return parse_trace(YamlNode::load_string(text, "t.yaml")); }

// Expects a ConfigError whose message names t.yaml, `key` and contains `what`.
void expect_error(const std::string& text, const std::string& key, const std::string& what) {
  try {
    parse(text);
    FAIL() << "expected ConfigError for key " << key;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "t.yaml");
    EXPECT_EQ(e.key(), key) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

const char* kResidual = R"(
name: tiny
input: [1, 16, 8, 8]
blocks:
  - name: down
    branches:
      - name: main
        layers:
          - {type: conv2d, out: 32, kernel: 3, stride: 2, pad: 1}
          - {type: batchnorm}
      - name: shortcut
        layers:
          - {type: conv2d, out: 32, kernel: 1, stride: 2}
    merge: add
    post: [{type: relu}]
  - name: body
    repeat: 3
    branches:
      - name: main
        layers: [{type: shift_conv2d, out: 32, kernel: 3, pad: 1}]
      - name: shortcut
        layers: []
    merge: add
)";

TEST(TraceParse, ShapesRepeatsAndMerges) {
  Network net = parse(kResidual);
  ASSERT_EQ(net.blocks.size(), 2u);
  EXPECT_EQ(net.output, (ActShape{1, 32, 4, 4}));
  const Block& down = net.blocks[0];
  EXPECT_TRUE(down.is_parallel());
  EXPECT_EQ(down.branches[1].out, (ActShape{1, 32, 4, 4}));
  EXPECT_EQ(down.post[0].name, "down.post.0");
  EXPECT_EQ(down.branches[0].layers[1].name, "down.main.1");
  EXPECT_EQ(net.blocks[1].repeat, 3);
  EXPECT_EQ(net.blocks[1].branches[0].layers[0].engine, PeKind::kShift);
  NetworkCounts c = count_network(net);
  // 3 copies of a 3x3 32->32 shift conv at 4x4, plus the mult convs of the first block.
  EXPECT_EQ(c.total.shift, 3 * 16 * 9 * 32 * 32);
  EXPECT_EQ(c.total.mult, 16 * 9 * 16 * 32 + 16 * 16 * 32);
  int merges = 0;
  for (const CountRow& r : c.rows) merges += r.branch == "merge";
  EXPECT_EQ(merges, 2);
}

TEST(TraceParse, GroupsExpandInOrderAndSplitBranchesConcat) {
  Network net = parse(R"(
name: hybrid
input: [1, 1, 30, 1]
blocks:
  - layers: [{type: embedding, vocab: 100, dim: 512, tokens: 30}]
  - group: enc
    repeat: 2
    blocks:
      - name: mix
        split: true
        branches:
          - name: attn
            layers: [{type: self_attention, heads: 4, qkv_dim: 256}]
          - name: light
            layers: [{type: lightweight, kernel: 3, heads: 4, glu: true, shift_linear: true, conv: add}]
        merge: concat
      - name: ffn
        layers: [{type: linear, out: 512}]
)");
  ASSERT_EQ(net.blocks.size(), 5u);
  EXPECT_EQ(net.blocks[1].name, "enc.0.mix");
  EXPECT_EQ(net.blocks[2].name, "enc.0.ffn");
  EXPECT_EQ(net.blocks[3].name, "enc.1.mix");
  const Block& mix = net.blocks[1];
  EXPECT_EQ(mix.branches[0].in.c, 256);
  EXPECT_EQ(mix.branches[1].out.c, 256);
  EXPECT_EQ(mix.out, (ActShape{1, 512, 30, 1}));
  EXPECT_TRUE(mix.merge_ops().empty());
  EXPECT_EQ(count_network(net).total.embedding_params, 100 * 512);
}

TEST(TraceParse, ResidualAroundParallelBranches) {
  Network net = parse(R"(
name: res
input: [1, 64, 10, 1]
blocks:
  - name: hybrid
    split: true
    branches:
      - {name: attn, layers: [{type: self_attention, heads: 2}]}
      - {name: conv, layers: [{type: lightweight, kernel: 3, heads: 2}]}
    merge: concat
    residual: true
    post: [{type: layernorm}]
)");
  const Block& b = net.blocks[0];
  EXPECT_TRUE(b.residual);
  EXPECT_TRUE(b.is_parallel());
  auto ops = b.merge_ops();  // concat is free; the residual add is one add per element
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].elements, 64 * 10);
  expect_error("name: bad\ninput: [1, 8, 4, 4]\nblocks:\n  - residual: true\n    layers: [{type: linear, out: 5}]\n",
               "blocks[0].residual", "residual add needs equal shapes");
}

TEST(TraceParse, ShippedTracesAllLoad) {
  for (const char* t : {"resnet50", "resnet101", "vit_b16_224", "vit_b16_384", "deit_t", "deit_s", "shiftaddnas_t0",
                        "shiftaddnas_t1", "bossnas_t0", "transformer_base_wmt", "hat_wmt14ende_rpi_6.0s",
                        "hat_wmt14ende_rpi_4.5s", "hat_wmt14ende_rpi_3.5s", "hat_wmt14ende_titanxp_146.7ms"}) {
    Network net = load_workload(std::string(SHIFTADD_SOURCE_DIR) + "/traces/" + t + ".yaml");
    EXPECT_EQ(net.name, t);
    EXPECT_FALSE(net.source.empty()) << t;
  }
  Network ex = load_workload(std::string(SHIFTADD_SOURCE_DIR) + "/traces/examples/shiftaddnas_nlp_hybrid_encoder.yaml");
  int hybrids = 0;
  for (const Block& b : ex.blocks) hybrids += b.is_parallel() && b.split_input && b.residual;
  EXPECT_EQ(hybrids, 3);
}

TEST(TraceParse, T0StagesSitAtTheirResolutions) {
  Network net = load_workload(std::string(SHIFTADD_SOURCE_DIR) + "/traces/shiftaddnas_t0.yaml");
  auto find = [&](const std::string& name) -> const Block& {
    for (const Block& b : net.blocks)
      if (b.name == name) return b;
    throw std::runtime_error("no block " + name);
  };
  EXPECT_EQ(find("stage1.1.conv").out, (ActShape{1, 256, 56, 56}));
  EXPECT_EQ(find("stage2.3.conv").out, (ActShape{1, 512, 28, 28}));
  EXPECT_EQ(find("stage3.0.shift").out, (ActShape{1, 1024, 14, 14}));
  EXPECT_EQ(find("stage3.2.attn").out, (ActShape{1, 1024, 14, 14}));
  EXPECT_EQ(find("stage4.4.attn").out, (ActShape{1, 2048, 7, 7}));
}

const char* kHead = "name: bad\ninput: [1, 3, 8, 8]\nblocks:\n  - layers:\n";

TEST(TraceParse, BadInputNamesFileAndKey) {
  expect_error(std::string(kHead) + "      - {type: conv3d, out: 4, kernel: 3}\n", "blocks[0].layers[0].type",
               "unknown operator type 'conv3d'");
  expect_error(std::string(kHead) + "      - {type: conv2d, out: 4, kernel: 3, strides: 2}\n",
               "blocks[0].layers[0].strides", "unknown key");
  expect_error(std::string(kHead) + "      - {type: conv2d, out: 4, kernel: 9}\n", "blocks[0].layers[0].kernel",
               "larger than padded input");
  expect_error(std::string(kHead) + "      - {type: conv2d, out: 4, kernel: 1, groups: 2}\n",
               "blocks[0].layers[0].groups", "not divisible by groups");
  expect_error(std::string(kHead) + "      - {type: conv2d, out: 0, kernel: 1}\n", "blocks[0].layers[0].out",
               "expected an integer in [1,");
  expect_error(std::string(kHead) + "      - {type: linear}\n", "blocks[0].layers[0].out", "required key is missing");
  expect_error("name: bad\ninput: [1, 3, -8, 8]\nblocks: [{layers: []}]\n", "input[2]", "got -8");
  expect_error("name: bad\ninput: [1, 3, 8, 8]\nlayer: []\nblocks: [{layers: []}]\n", "layer", "unknown key");
  expect_error("name: bad\ninput: [1, 3, 8, 8]\nblocks:\n  - repeat: 2\n    layers: [{type: linear, out: 5}]\n",
               "blocks[0].repeat", "repeats 2 times");
  expect_error("name: bad\ninput: [1, 3, 8, 8]\nblocks:\n  - merge: add\n    branches:\n"
               "      - {layers: [{type: linear, out: 5}]}\n      - {layers: []}\n",
               "blocks[0].merge", "merge add");
}

}  // namespace
}  // namespace shiftadd::workload
