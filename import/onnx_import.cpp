#include "import/onnx_import.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/yaml_reader.h"
#include "import/onnx_blocks.h"
#include "workload/trace.h"

namespace shiftadd::import {

ImportResult import_onnx(const ImportOptions& o) {
  const OnnxGraph onnx = load_onnx(o.model);
  const FoldedGraph folded = fold(onnx, o.input_shape);
  const GraphIndex index(folded);
  const OpGraph ops = lift(index);
  const std::vector<TraceBlock> blocks = to_blocks(ops, onnx);
  TraceMeta meta;
  meta.name = o.name.empty() ? std::filesystem::path(o.model).stem().string() : o.name;
  meta.source = fmt::format("ONNX model {} ({}, opset {})", std::filesystem::path(o.model).filename().string(),
                            onnx.producer.empty() ? "unknown producer" : onnx.producer, onnx.opset);
  ImportResult r;
  r.yaml = trace_yaml(ops, blocks, meta);
  r.network = workload::parse_trace(YamlNode::load_string(r.yaml, o.model + " (imported trace)"));
  r.nodes = int(onnx.nodes.size());
  r.folded = r.nodes - int(folded.live.size());
  r.layers = int(ops.ops.size());
  return r;
}

}  // namespace shiftadd::import
