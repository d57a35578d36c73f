#pragma once
// Constant folding and shape inference over an OnnxGraph. Every value gets a static shape from the
// input shape; values that do not depend on the graph input are constants, and small constants get
// their values (shape arithmetic such as Shape -> Gather -> Concat -> Reshape folds away here).
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "import/onnx_model.h"

namespace shiftadd::import {

struct Value {
  std::vector<int64_t> shape;
  bool is_const = false;  // independent of the graph input
  bool has_data = false;  // a constant whose values are known
  bool integer = false;
  std::vector<double> data;
  int64_t numel() const;
};

struct FoldedGraph {
  const OnnxGraph* graph = nullptr;
  std::unordered_map<std::string, Value> values;
  std::vector<int> live;  // nodes with an output that depends on the input, in graph order
  std::string input, output;
  const Value& at(const std::string& name) const;
};

// A node's error: "<file>: node '<name>' (<op>): <what>" as a DataError.
[[noreturn]] void fail(const OnnxGraph& g, const OnnxNode& n, const std::string& what);

// Folds `g` with the input shape `input_shape` (empty: the model's own, which must then be fully
// static). Throws DataError naming the node, its op type and the file for an operator it cannot
// infer, and for a graph with other than one input and one output.
FoldedGraph fold(const OnnxGraph& g, const std::vector<int64_t>& input_shape);

// The operator types fold() knows (for error messages and docs).
std::vector<std::string> folded_ops();

// --- for the operator rules (onnx_ops_*.cpp) ---
struct OpCtx {
  const OnnxGraph& g;
  const OnnxNode& n;
  std::vector<const Value*> in;  // nullptr for an omitted optional input
  std::vector<Value> out;        // sized to the node's outputs; the rule fills shapes (and data)
  [[noreturn]] void fail(const std::string& what) const { import::fail(g, n, what); }
  const Value& input(size_t i) const;  // fails when absent
  bool has_input(size_t i) const { return i < in.size() && in[i]; }
  const Value& known(size_t i) const;  // input i, which must be a constant with data
  int64_t attr_int(const std::string& key, int64_t def) const;
  std::vector<int64_t> attr_ints(const std::string& key, std::vector<int64_t> def = {}) const;
  double attr_float(const std::string& key, double def) const;
  int64_t axis(int64_t a, size_t rank) const;  // normalises a negative axis; fails if out of range
};
using OpRule = std::function<void(OpCtx&)>;
void add_shape_ops(std::map<std::string, OpRule>& rules);  // onnx_ops_shape.cpp
void add_math_ops(std::map<std::string, OpRule>& rules);   // onnx_ops_math.cpp
void add_nn_ops(std::map<std::string, OpRule>& rules);     // onnx_ops_nn.cpp
std::vector<int64_t> broadcast_shape(const OpCtx& c, const std::vector<int64_t>& a, const std::vector<int64_t>& b);

}  // namespace shiftadd::import
