#pragma once
// Structuring lifted ops into the trace's blocks: straight runs become plain blocks; a fork that
// rejoins at an Add or a Concat becomes a block of branches (an empty branch of an Add is a
// residual); activations right after the join become its post layers. Runs of identical blocks
// are written once with `repeat` (or as a repeated group when they alternate, as transformer
// layers do).
#include <string>
#include <vector>

#include "import/onnx_lift.h"

namespace shiftadd::import {

struct TraceBlock {
  std::string name;
  std::vector<std::string> branch_names;
  std::vector<std::vector<const TraceOp*>> branches;  // one for a plain block
  bool residual = false;
  std::string merge;  // "", "add", "concat"
  std::vector<const TraceOp*> post;
  std::vector<std::string> nodes;  // ONNX nodes of its ops and its join: they name the block
};

// Throws DataError naming the node where the graph leaves the trace's block structure.
std::vector<TraceBlock> to_blocks(const OpGraph& g, const OnnxGraph& onnx);

struct TraceMeta {
  std::string name, source, notes;
};
// The trace document (schema of docs/workloads.md).
std::string trace_yaml(const OpGraph& g, const std::vector<TraceBlock>& blocks, const TraceMeta& meta);

}  // namespace shiftadd::import
