#pragma once
// JSON form of a network's counts (what `shiftadd count --json` prints).
#include <nlohmann/json.hpp>

#include "workload/counts.h"

namespace shiftadd::workload {

// {name, file, source, input, output, totals{params, embedding_params, macs, mult, add, shift,
// vector_elems}, vector_ops{<kind>: elements}, layers[...] when per_layer}.
nlohmann::json counts_to_json(const Network& net, const NetworkCounts& counts, bool per_layer);

}  // namespace shiftadd::workload
