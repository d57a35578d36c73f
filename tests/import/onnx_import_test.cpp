// The importer end to end on the small models of tests/import/models (tools/onnx/make_test_models.py):
// PyTorch's own counts, the golden traces (exact text), and the refusals.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "import/onnx_import.h"
#include "workload/counts.h"

namespace shiftadd::import {
namespace {

const std::string kModels = std::string(SHIFTADD_SOURCE_DIR) + "/tests/import/models/";

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ImportResult import_model(const std::string& name, std::vector<int64_t> shape = {}) {
  return import_onnx(ImportOptions{kModels + name + ".onnx", std::move(shape), ""});
}

std::string error_of(const std::string& name, std::vector<int64_t> shape = {}) {
  try {
    import_model(name, std::move(shape));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// Params and MACs measured in PyTorch with forward hooks when the models were exported.
TEST(OnnxImport, CountsArePyTorchs) {
  const nlohmann::json expected = nlohmann::json::parse(read(kModels + "expected.json"));
  ASSERT_EQ(expected.size(), 4u);
  for (const auto& [name, want] : expected.items()) {
    SCOPED_TRACE(name);
    const ImportResult r = import_model(name);
    const workload::NetworkCounts nc = workload::count_network(r.network);
    EXPECT_EQ(nc.total.params, want["params"].get<int64_t>());
    EXPECT_EQ(nc.total.macs, want["macs"].get<int64_t>());
  }
}

// Tolerance: none; the trace text is compared exactly (regenerate with `shiftadd import` on a change).
TEST(OnnxImport, TracesMatchGolden) {
  for (const char* name : {"tiny_resnet", "tiny_vit", "mixnet"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(import_model(name).yaml, read(std::string(SHIFTADD_SOURCE_DIR) + "/tests/import/golden/" + name + ".yaml"));
  }
}

std::string body(const std::string& yaml) { return yaml.substr(yaml.find("input:")); }

// Opset 13 has no LayerNormalization: torch writes ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div,
// Mul, Add; GELU is in its erf form in both. The same layers must come out.
TEST(OnnxImport, DecomposedLayerNormIsOneLayer) {
  EXPECT_EQ(body(import_model("tiny_vit_opset13").yaml), body(import_model("tiny_vit").yaml));
}

TEST(OnnxImport, StructureOfResidualsAndBranches) {
  const workload::Network r = import_model("tiny_resnet").network;
  ASSERT_EQ(r.blocks.size(), 4u);
  EXPECT_EQ(r.blocks[1].merge, workload::Merge::kAdd);  // a downsampling bottleneck: main + shortcut
  EXPECT_EQ(r.blocks[1].branches.size(), 2u);
  EXPECT_TRUE(r.blocks[2].residual);  // identity shortcut
  EXPECT_EQ(r.blocks[2].repeat, 2);
  EXPECT_EQ(r.blocks[2].post.at(0).type, "relu");
  const workload::Network m = import_model("mixnet").network;
  EXPECT_EQ(m.blocks.at(1).merge, workload::Merge::kConcat);
  EXPECT_EQ(m.blocks.at(1).out.c, 16);
  EXPECT_EQ(m.blocks.at(0).branches.at(0).layers.at(2).type, "silu");
}

TEST(OnnxImport, SymbolicDimsNeedAnInputShape) {
  EXPECT_EQ(error_of("symbolic_batch"), kModels + "symbolic_batch.onnx: input 'x' has the symbolic dimension 'N' (dim 0); "
                                                   "give --input-shape");
  const workload::Network n = import_model("symbolic_batch", {2, 3, 8, 8}).network;
  EXPECT_EQ(workload::to_string(n.output), "2x4x8x8");
  EXPECT_NE(error_of("symbolic_batch", {2, 4, 8, 8}).find("--input-shape gives dim 1 as 4, but input 'x' fixes it to 3"),
            std::string::npos);
}

TEST(OnnxImport, RefusalsNameTheNodeAndOp) {
  EXPECT_EQ(error_of("bad_asym_pad"),
            kModels + "bad_asym_pad.onnx: node 'conv' (Conv): asymmetric padding [0, 0, 1, 1]: the trace pads both "
                      "sides of a dim equally");
  EXPECT_EQ(error_of("bad_unsupported_op").rfind(kModels + "bad_unsupported_op.onnx: node 'lpnorm' (LpNormalization): "
                                                           "unsupported operator",
                                                 0),
            0u);
  EXPECT_NE(error_of("bad_flatten_map").find("node 'flat' (Flatten): flattens a 4x8x8 map into features"), std::string::npos);
  EXPECT_NE(error_of("bad_act_matmul").find("node 'gram' (MatMul): a MatMul of two activations outside"), std::string::npos);
  EXPECT_EQ(error_of("bad_not_onnx"), kModels + "bad_not_onnx.onnx: not an ONNX model (the protobuf does not parse)");
  EXPECT_EQ(error_of("no_such_model"), kModels + "no_such_model.onnx: cannot open the ONNX model");
}

}  // namespace
}  // namespace shiftadd::import
