// fold() on hand-built graphs (no protobuf): shape arithmetic folds to constants, ONNX's slicing and
// pooling size rules, and errors that name the node.
#include <gtest/gtest.h>

#include "core/error.h"
#include "import/onnx_fold.h"

namespace shiftadd::import {
namespace {

OnnxNode node(std::string name, std::string op, std::vector<std::string> in, std::vector<std::string> out,
              std::vector<OnnxAttr> attrs = {}) {
  return OnnxNode{std::move(name), std::move(op), "", std::move(in), std::move(out), std::move(attrs)};
}
OnnxAttr ints(std::string name, std::vector<int64_t> v) {
  OnnxAttr a;
  a.name = std::move(name), a.kind = OnnxAttr::Kind::kInts, a.ints = std::move(v);
  return a;
}
OnnxAttr one(std::string name, int64_t v) {
  OnnxAttr a;
  a.name = std::move(name), a.kind = OnnxAttr::Kind::kInt, a.i = v;
  return a;
}
OnnxTensor tensor(std::string name, std::vector<int64_t> dims, std::vector<double> data, bool integer = true) {
  return OnnxTensor{std::move(name), std::move(dims), true, integer, std::move(data)};
}
OnnxGraph graph(std::vector<int64_t> in, std::vector<OnnxNode> nodes, std::vector<OnnxTensor> inits, std::string out) {
  OnnxGraph g;
  g.file = "hand.onnx", g.opset = 13;
  g.inputs = {OnnxValueInfo{"x", std::move(in), {}}};
  g.outputs = {OnnxValueInfo{std::move(out), {}, {}}};
  g.nodes = std::move(nodes), g.initializers = std::move(inits);
  return g;
}

// torch's x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
TEST(OnnxFold, ShapeArithmeticFoldsAway) {
  OnnxGraph g = graph({2, 8, 4, 4},
                      {node("shape", "Shape", {"x"}, {"s"}), node("g", "Gather", {"s", "zero"}, {"b"}, {one("axis", 0)}),
                       node("u", "Unsqueeze", {"b", "axes"}, {"bu"}), node("c", "Concat", {"bu", "neg"}, {"shp"}, {one("axis", 0)}),
                       node("r", "Reshape", {"x", "shp"}, {"y"})},
                      {tensor("zero", {}, {0}), tensor("axes", {1}, {0}), tensor("neg", {1}, {-1})}, "y");
  const FoldedGraph f = fold(g, {});
  EXPECT_EQ(f.at("shp").data, (std::vector<double>{2, -1}));
  EXPECT_EQ(f.at("y").shape, (std::vector<int64_t>{2, 128}));
  EXPECT_EQ(f.live, std::vector<int>{4});  // only the Reshape depends on the input's data
  g.inputs[0].dims = {-1, 8, -1, -1}, g.inputs[0].dim_params = {"N", "", "H", "W"};
  EXPECT_EQ(fold(g, {3, 8, 2, 2}).at("y").shape, (std::vector<int64_t>{3, 32}));
}

TEST(OnnxFold, SliceFollowsOnnxClamping) {
  auto sliced = [](std::vector<double> starts, std::vector<double> ends, std::vector<double> steps) {
    std::vector<double> ten;
    for (int i = 0; i < 10; ++i) ten.push_back(i);
    OnnxGraph g = graph({1}, {node("s", "Slice", {"t", "b", "e", "a", "k"}, {"y"}), node("r", "Relu", {"x"}, {"z"})},
                        {tensor("t", {10}, ten), tensor("b", {1}, starts), tensor("e", {1}, ends), tensor("a", {1}, {0}),
                         tensor("k", {1}, steps)},
                        "z");
    return fold(g, {}).at("y").data;
  };
  EXPECT_EQ(sliced({-3}, {9.2e18}, {1}), (std::vector<double>{7, 8, 9}));
  EXPECT_EQ(sliced({-1}, {-100}, {-2}), (std::vector<double>{9, 7, 5, 3, 1}));
  EXPECT_EQ(sliced({5}, {2}, {1}), std::vector<double>{});
}

TEST(OnnxFold, PoolCeilModeAsPyTorch) {
  auto pooled = [](int64_t size, int64_t k, int64_t s, int64_t p) {
    OnnxGraph g = graph({1, 1, size, size},
                        {node("p", "MaxPool", {"x"}, {"y"},
                              {ints("kernel_shape", {k, k}), ints("strides", {s, s}), ints("pads", {p, p, p, p}), one("ceil_mode", 1)})},
                        {}, "y");
    return fold(g, {}).at("y").shape[2];
  };
  EXPECT_EQ(pooled(6, 3, 2, 0), 3);  // floor mode would give 2
  EXPECT_EQ(pooled(5, 2, 2, 1), 3);  // a 4th window would start inside the end padding
}

TEST(OnnxFold, ErrorsNameTheNode) {
  auto error = [](OnnxGraph g) {
    try {
      fold(g, {});
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(graph({2, 3}, {node("a", "Add", {"x", "k"}, {"y"})}, {tensor("k", {4}, {1, 2, 3, 4}, false)}, "y")),
            "hand.onnx: node 'a' (Add): shapes [2,3] and [4] do not broadcast");
  EXPECT_EQ(error(graph({2, 3}, {node("a", "Relu", {"q"}, {"y"})}, {}, "y")),
            "hand.onnx: node 'a' (Relu): input 'q' is produced by no earlier node");
  EXPECT_EQ(error(graph({2, 3}, {node("r", "Reshape", {"x", "w"}, {"y"})}, {OnnxTensor{"w", {2}, false, true, {}}}, "y")),
            "hand.onnx: node 'r' (Reshape): needs the value of input 'w', which is not a constant the importer can fold");
  EXPECT_EQ(error(graph({2, 3}, {node("c", "Relu", {"k"}, {"y"})}, {tensor("k", {1}, {1})}, "y")),
            "hand.onnx: output 'y' does not depend on the input");
  // A value assigned twice would make a node its own producer.
  EXPECT_EQ(error(graph({2, 3}, {node("a", "Relu", {"x"}, {"y"}), node("b", "Relu", {"y"}, {"y"})}, {}, "y")),
            "hand.onnx: node 'b' (Relu): output 'y' is already a value of the graph (ONNX values are assigned once)");
  // Sizes are bounded before anything is allocated: an Expand to 2^50 elements.
  EXPECT_EQ(error(graph({1, 1}, {node("e", "Expand", {"x", "s"}, {"y"})}, {tensor("s", {2}, {1 << 25, 1 << 25})}, "y")),
            "hand.onnx: node 'e' (Expand): output 0 has more than 2^40 elements (or a negative dim)");
}

}  // namespace
}  // namespace shiftadd::import
