#pragma once
// A whole network as a list of blocks. A block holds one or more branches that read the same input
// (or equal channel slices of it) and may run concurrently; their outputs are merged (residual add,
// concat), then optional post layers run. Hybrid blocks (Attn+Conv/Shift/Add) and ResNet bottlenecks
// (main path + shortcut) are both two-branch blocks, so a simulator can overlap the branches.
#include <cstdint>
#include <string>
#include <vector>

#include "workload/layer.h"
#include "workload/lowering.h"

namespace shiftadd::workload {

struct Branch {
  std::string name;
  std::vector<Layer> layers;  // empty = identity (e.g. a ResNet shortcut)
  ActShape in, out;
};

enum class Merge { kNone, kAdd, kConcat };
const char* to_string(Merge m);

struct Block {
  std::string name;
  int64_t repeat = 1;        // identical copies in sequence (in == out required when > 1)
  bool split_input = false;  // branches get equal channel slices of the input instead of all of it
  std::vector<Branch> branches;
  Merge merge = Merge::kNone;
  bool residual = false;    // adds the block input to the merged output (x + f(x) around all branches)
  std::vector<Layer> post;  // run after the merge (and residual add)
  ActShape in, out;

  bool is_parallel() const { return branches.size() > 1; }
  // Element-wise work of the merge itself: one add per extra branch for kAdd (none for concat),
  // plus one for the residual.
  std::vector<VectorOp> merge_ops() const;
};

struct Network {
  std::string name;
  std::string file;    // where it was loaded from
  std::string source;  // citation of the architecture (paper, code)
  std::string notes;   // assumptions, free text
  std::vector<std::string> warnings;  // reader's remarks on a readable but odd input (commands print them)
  ActShape input, output;
  std::vector<Block> blocks;
};

// Visits every layer once per copy-independent position (repeat is NOT expanded): fn(block, branch
// index or -1 for post layers, layer). Multiply by block.repeat for totals.
template <class Fn>
void for_each_layer(const Network& net, Fn&& fn) {
  for (const Block& b : net.blocks) {
    for (size_t i = 0; i < b.branches.size(); ++i)
      for (const Layer& l : b.branches[i].layers) fn(b, static_cast<int>(i), l);
    for (const Layer& l : b.post) fn(b, -1, l);
  }
}

// ActShape propagation through a block: fills branch and block shapes from `block.in` and the layers'
// attrs (calls resolve() on every layer). Throws InputError naming the branch/layer on a mismatch.
void resolve_block(Block& block);
// Its steps, for parsers that report errors at the offending key (all throw InputError):
ActShape branch_input(const Block& block);  // block.in, or its channel slice when split_input
ActShape merged_shape(const Block& block);  // from the branches' out shapes and the merge rule
void check_residual(const Block& block, const ActShape& merged);  // residual needs merged == in
void check_repeat(const Block& block);   // repeat > 1 needs out == in

}  // namespace shiftadd::workload
