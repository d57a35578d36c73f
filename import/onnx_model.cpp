// The one file that reads protobuf: ModelProto -> OnnxGraph.
#include "import/onnx_model.h"

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <unordered_set>

#include "core/error.h"

namespace shiftadd::import {

int64_t saturating_numel(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    if (d < 0 || __builtin_mul_overflow(n, d, &n)) return INT64_MAX;
  return n;
}

int64_t OnnxTensor::numel() const { return saturating_numel(dims); }

const OnnxAttr* OnnxNode::attr(const std::string& key) const {
  for (const OnnxAttr& a : attrs)
    if (a.name == key) return &a;
  return nullptr;
}

namespace {

template <class T>
void append_raw(const std::string& raw, std::vector<double>& out) {
  const size_t n = raw.size() / sizeof(T);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));  // ONNX raw data is little-endian, as x86
    out.push_back(static_cast<double>(v));
  }
}

// Values of a small numeric tensor; false for types whose values the importer never needs.
bool read_values(const onnx::TensorProto& t, std::vector<double>& out) {
  using TP = onnx::TensorProto;
  const std::string& raw = t.raw_data();
  switch (t.data_type()) {
    case TP::FLOAT:
      if (!raw.empty()) append_raw<float>(raw, out);
      for (float v : t.float_data()) out.push_back(v);
      return true;
    case TP::DOUBLE:
      if (!raw.empty()) append_raw<double>(raw, out);
      for (double v : t.double_data()) out.push_back(v);
      return true;
    case TP::INT64:
      if (!raw.empty()) append_raw<int64_t>(raw, out);
      for (int64_t v : t.int64_data()) out.push_back(static_cast<double>(v));
      return true;
    case TP::INT32:
    case TP::INT16:
    case TP::INT8:
    case TP::UINT8:
    case TP::BOOL:
      if (!raw.empty()) {
        if (t.data_type() == TP::INT32) append_raw<int32_t>(raw, out);
        else if (t.data_type() == TP::INT16) append_raw<int16_t>(raw, out);
        else if (t.data_type() == TP::INT8) append_raw<int8_t>(raw, out);
        else append_raw<uint8_t>(raw, out);
      }
      for (int32_t v : t.int32_data()) out.push_back(v);
      return true;
    default:
      return false;
  }
}

OnnxTensor convert(const onnx::TensorProto& t, const std::string& file) {
  OnnxTensor o;
  o.name = t.name();
  for (int64_t d : t.dims()) {
    if (d < 0) throw DataError(file, fmt::format("tensor '{}' has a negative dimension {}", t.name(), d));
    o.dims.push_back(d);
  }
  using TP = onnx::TensorProto;
  const int dt = t.data_type();
  o.integer = dt == TP::INT64 || dt == TP::INT32 || dt == TP::INT16 || dt == TP::INT8 || dt == TP::UINT8 ||
              dt == TP::BOOL || dt == TP::UINT16 || dt == TP::UINT32 || dt == TP::UINT64;
  const bool external = t.data_location() == onnx::TensorProto::EXTERNAL;
  if (!external && o.numel() <= kMaxDataElems && read_values(t, o.data)) {
    if (static_cast<int64_t>(o.data.size()) != o.numel())
      throw DataError(file, fmt::format("tensor '{}' has {} values for dims of {} elements", t.name(),
                                        o.data.size(), o.numel()));
    o.has_data = true;
  }
  return o;
}

OnnxAttr convert(const onnx::AttributeProto& a, const std::string& file) {
  using AP = onnx::AttributeProto;
  OnnxAttr o;
  o.name = a.name();
  switch (a.type()) {
    case AP::INT: o.kind = OnnxAttr::Kind::kInt, o.i = a.i(); break;
    case AP::FLOAT: o.kind = OnnxAttr::Kind::kFloat, o.f = a.f(); break;
    case AP::INTS: o.kind = OnnxAttr::Kind::kInts, o.ints.assign(a.ints().begin(), a.ints().end()); break;
    case AP::FLOATS: o.kind = OnnxAttr::Kind::kFloats, o.floats.assign(a.floats().begin(), a.floats().end()); break;
    case AP::STRING: o.kind = OnnxAttr::Kind::kString, o.s = a.s(); break;
    case AP::TENSOR: o.kind = OnnxAttr::Kind::kTensor, o.t = convert(a.t(), file); break;
    default: o.kind = OnnxAttr::Kind::kOther;
  }
  return o;
}

OnnxValueInfo convert(const onnx::ValueInfoProto& v) {
  OnnxValueInfo o;
  o.name = v.name();
  if (v.type().has_tensor_type() && v.type().tensor_type().has_shape())
    for (const auto& d : v.type().tensor_type().shape().dim()) {
      o.dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
      o.dim_params.push_back(d.has_dim_value() ? "" : (d.dim_param().empty() ? "?" : d.dim_param()));
    }
  return o;
}

}  // namespace

OnnxGraph load_onnx(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(path, "cannot open the ONNX model");
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&in)) throw DataError(path, "not an ONNX model (the protobuf does not parse)");
  if (!model.has_graph() || model.graph().node_size() == 0) throw DataError(path, "the ONNX model has no graph nodes");
  OnnxGraph g;
  g.file = path;
  g.producer = model.producer_name() + (model.producer_version().empty() ? "" : " " + model.producer_version());
  for (const auto& op : model.opset_import())
    if (op.domain().empty() || op.domain() == "ai.onnx") g.opset = op.version();
  if (g.opset == 0) throw DataError(path, "the ONNX model imports no default-domain opset");
  const onnx::GraphProto& graph = model.graph();
  std::unordered_set<std::string> init_names;
  for (const auto& t : graph.initializer()) {
    g.initializers.push_back(convert(t, path));
    init_names.insert(t.name());
  }
  for (const auto& v : graph.input())
    if (!init_names.count(v.name())) g.inputs.push_back(convert(v));
  for (const auto& v : graph.output()) g.outputs.push_back(convert(v));
  for (const auto& n : graph.node()) {
    OnnxNode o;
    o.name = n.name(), o.op_type = n.op_type(), o.domain = n.domain();
    o.inputs.assign(n.input().begin(), n.input().end());
    o.outputs.assign(n.output().begin(), n.output().end());
    for (const auto& a : n.attribute()) o.attrs.push_back(convert(a, path));
    g.nodes.push_back(std::move(o));
  }
  return g;
}

}  // namespace shiftadd::import
