#pragma once
// ONNX import: a model file -> a workload trace (traces/*.yaml schema) that count, sim --net and lut
// read. Pipeline: load_onnx (protobuf) -> fold (shapes, constants) -> lift (trace ops, patterns) ->
// to_blocks (branches, residuals) -> trace_yaml, checked by parsing it back before it is returned.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/network.h"

namespace shiftadd::import {

struct ImportOptions {
  std::string model;                 // .onnx file
  std::vector<int64_t> input_shape;  // empty: the model's own static shape
  std::string name;                  // trace name; empty: the file's stem
};

struct ImportResult {
  std::string yaml;          // the trace document
  workload::Network network; // the same, parsed back
  int nodes = 0, folded = 0, layers = 0;
};

// Throws DataError naming the file (and the node and its op type) for anything it cannot import.
ImportResult import_onnx(const ImportOptions& o);

}  // namespace shiftadd::import
