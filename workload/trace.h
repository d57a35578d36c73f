#pragma once
// Loading workload traces: YAML traces (traces/*.yaml, schema in docs/workloads.md) and SCALE-Sim v2
// topology CSVs (conv rows or GEMM rows), both into the same Network.
#include <string>

#include "core/yaml_reader.h"
#include "workload/network.h"

namespace shiftadd::workload {

// Parses a trace document; shapes are propagated from `input` through every block. Throws
// ConfigError (file + key) for unknown keys/types, sizes <= 0 and impossible shapes.
Network parse_trace(const YamlNode& root);
Network load_trace_yaml(const std::string& path);

// SCALE-Sim v2 topology: header row, then one comma-terminated row per layer. Conv format
// "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides"
// (optional 9th column: stride width); GEMM format "Layer, M, N, K". The format is taken from the
// header. Conventions kept: no padding, output size ceil((H - F + S) / S), rows whose name contains
// "DP" are depthwise (one Channels -> Num Filter conv per channel). Throws ConfigError naming the row.
Network load_scalesim_csv(const std::string& path);
Network parse_scalesim_csv(const std::string& text, const std::string& file);

// Dispatches on the extension: .csv -> SCALE-Sim, otherwise YAML.
Network load_workload(const std::string& path);

}  // namespace shiftadd::workload
