#pragma once
// An ONNX model as plain structs: the only part of the importer that sees protobuf is load_onnx()
// (onnx_model.cpp), so the rest can be built and tested from hand-written graphs.
#include <cstdint>
#include <string>
#include <vector>

namespace shiftadd::import {

// A constant tensor. data holds the values (as double) of small tensors only: shape arithmetic,
// indices, scales. Weights keep their dims and have has_data == false.
struct OnnxTensor {
  std::string name;
  std::vector<int64_t> dims;
  bool has_data = false;
  bool integer = false;  // an integer or bool element type (Div truncates)
  std::vector<double> data;
  int64_t numel() const;
};

struct OnnxAttr {
  enum class Kind { kInt, kFloat, kInts, kFloats, kString, kTensor, kOther };
  std::string name;
  Kind kind = Kind::kOther;
  int64_t i = 0;
  double f = 0;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::string s;
  OnnxTensor t;
};

struct OnnxNode {
  std::string name, op_type, domain;
  std::vector<std::string> inputs, outputs;  // "" = an omitted optional input
  std::vector<OnnxAttr> attrs;
  const OnnxAttr* attr(const std::string& name) const;  // nullptr when absent
};

// A graph input or output; dims[i] < 0 where dim_params[i] names a symbolic size.
struct OnnxValueInfo {
  std::string name;
  std::vector<int64_t> dims;
  std::vector<std::string> dim_params;
};

struct OnnxGraph {
  std::string file, producer;
  int64_t opset = 0;
  std::vector<OnnxNode> nodes;  // topologically sorted, as ONNX requires
  std::vector<OnnxTensor> initializers;
  std::vector<OnnxValueInfo> inputs, outputs;  // inputs exclude initializers
};

// Product of dims; INT64_MAX when it overflows or a dim is negative (callers compare it with limits).
int64_t saturating_numel(const std::vector<int64_t>& dims);

// Tensors with at most this many elements keep their values.
constexpr int64_t kMaxDataElems = 4096;

// Reads an ONNX model file. Throws DataError (naming the file) when it is missing or not a valid
// ModelProto, or uses external data or an opset this importer does not read.
OnnxGraph load_onnx(const std::string& path);

}  // namespace shiftadd::import
