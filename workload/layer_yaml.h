#pragma once
// Parses one trace layer, e.g. `{type: conv2d, out: 64, kernel: 3, stride: 2, pad: 1}`, into a
// typed Layer whose shapes are resolved against the incoming activation shape.
#include <string>
#include <vector>

#include "core/yaml_reader.h"
#include "workload/layer.h"

namespace shiftadd::workload {

// Every `type:` a trace may use, in documentation order.
const std::vector<std::string>& layer_types();

// Throws ConfigError naming the file and key: unknown type, unknown or missing key, size <= 0,
// impossible shape (pointing at the attribute at fault, e.g. `layers[2].kernel`).
Layer parse_layer(const YamlNode& node, const ActShape& in, const std::string& default_name);

}  // namespace shiftadd::workload
