#pragma once
// Lifting a folded ONNX graph to trace operators: each live node, or each recognised multi-node
// pattern (attention, erf-form GELU, decomposed LayerNorm, SiLU, MatMul + bias), becomes one trace
// layer or a join (the Add of a residual, a Concat). Reshapes and transposes are views: they only
// change how a value's dims map onto the trace's (batch, channels, height, width).
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "import/onnx_fold.h"

namespace shiftadd::import {

// How an activation's ONNX dims map onto the trace's NCHW: NCT is (batch, channels, tokens) before
// the transpose to NTC, (batch, tokens, channels), the sequence layout of transformers.
enum class Layout { kNCHW, kNC, kNCT, kNTC };
const char* to_string(Layout l);

struct TraceOp {
  enum class Kind { kLayer, kJoinAdd, kJoinConcat };
  Kind kind = Kind::kLayer;
  std::string type;                                        // the trace's layer type, e.g. "conv2d"
  std::vector<std::pair<std::string, std::string>> attrs;  // YAML key -> value, in order
  std::vector<std::string> in;                             // activation values (one for a layer)
  std::string out;
  std::string node;  // the ONNX node it came from (the last of a pattern): block names, errors
};

struct OpGraph {
  std::string file, input, output;
  std::vector<int64_t> input_shape;
  std::vector<TraceOp> ops;  // in graph order
};

// --- patterns (onnx_patterns.cpp) ---
struct GraphIndex {
  const FoldedGraph& f;
  std::vector<bool> needed;                                      // node feeds the output
  std::unordered_map<std::string, int> producer;                 // value -> node
  std::unordered_map<std::string, std::vector<int>> users;       // value -> needed nodes
  explicit GraphIndex(const FoldedGraph& folded);
  const OnnxNode& node(int i) const { return f.graph->nodes[i]; }
  bool is_act(const std::string& v) const { return !v.empty() && !f.at(v).is_const; }
  std::vector<std::string> act_inputs(int i) const;
  int prod(const std::string& v) const;                          // -1 for the graph input and constants
  const std::vector<int>& used_by(const std::string& v) const;
  int only_user(const std::string& v) const;                     // -1 unless exactly one
};

// A pattern found: nodes it replaces, its input and output value, and its op.
struct Fused {
  std::vector<int> nodes;
  TraceOp op;
};
// Every pattern in the graph; no node is in two.
std::vector<Fused> find_patterns(const GraphIndex& gi);

// Throws DataError naming the node, its op type and the file for anything it cannot express.
OpGraph lift(const GraphIndex& gi);

}  // namespace shiftadd::import
