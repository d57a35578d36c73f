#pragma once
// Params / MACs / #Mult / #Add / #Shift of a workload, with the conventions of the ShiftAddNAS
// paper's ImageNet table (see docs/workloads.md):
//   MACs  = sum of GEMM M*K*N*count over every PE kind (a shift or adder "MAC" counts as one);
//   mult-PE MAC  -> 1 mult  + 1 add (the accumulation);
//   shift-PE MAC -> 1 shift + 1 add;
//   add-PE MAC   -> 2 adds (|x - w| and the accumulation), as AdderNet's 7.6G adds for 3.9G MACs.
// Vector-unit work (norms, activations, softmax, pooling, residual adds, biases) is not in these
// columns; its element counts are reported separately.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "workload/lowering.h"
#include "workload/network.h"

namespace shiftadd::workload {

struct OpCounts {
  int64_t params = 0, embedding_params = 0;  // embedding_params is included in params
  int64_t macs = 0, mult = 0, add = 0, shift = 0;
  int64_t vector_elems = 0;

  OpCounts& operator+=(const OpCounts& o);
  OpCounts scaled(int64_t k) const;  // all fields times k (for repeated blocks)
};

OpCounts count_gemms(const std::vector<GemmShape>& gemms);
OpCounts count_layer(const Layer& layer);

// One row per layer (and per residual merge); repeat is the number of copies of its block.
struct CountRow {
  std::string block, branch, layer, type;
  Engine engine = Engine::vector();
  ActShape out;
  int64_t repeat = 1;
  OpCounts per_copy;
};

struct NetworkCounts {
  std::vector<CountRow> rows;
  OpCounts total;
  std::array<int64_t, kNumVectorKinds> vector_by_kind{};  // totals per VectorKind
};

NetworkCounts count_network(const Network& net);

}  // namespace shiftadd::workload
