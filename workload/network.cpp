#include "workload/network.h"

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd::workload {
namespace {

// Resolves a chain of layers starting at `in`; returns the output shape.
ActShape resolve_chain(std::vector<Layer>& layers, ActShape in) {
  for (Layer& l : layers) {
    l.in = in;
    try {
      resolve(l);
    } catch (const InputError& e) {
      throw InputError(fmt::format("layer '{}': {}", l.name, e.what()));
    }
    in = l.out;
  }
  return in;
}

}  // namespace

ActShape merged_shape(const Block& b) {
  if (b.branches.empty()) throw InputError("block '" + b.name + "' has no branches");
  if (b.branches.size() > 1 && b.merge == Merge::kNone)
    throw InputError("block '" + b.name + "' has several branches but no merge");
  const ActShape& first = b.branches.front().out;
  ActShape out = first;
  for (size_t i = 1; i < b.branches.size(); ++i) {
    const ActShape& s = b.branches[i].out;
    bool same_rest = s.n == first.n && s.h == first.h && s.w == first.w;
    if (b.merge == Merge::kAdd && s != first)
      throw InputError(fmt::format("merge add: branch '{}' gives {} but branch '{}' gives {}", b.branches[i].name,
                                   to_string(s), b.branches.front().name, to_string(first)));
    if (b.merge == Merge::kConcat) {
      if (!same_rest)
        throw InputError(fmt::format("merge concat: branch '{}' gives {}, incompatible with {}", b.branches[i].name,
                                     to_string(s), to_string(first)));
      out.c += s.c;
    }
  }
  return out;
}

void check_residual(const Block& b, const ActShape& merged) {
  if (b.residual && merged != b.in)
    throw InputError(fmt::format("block '{}' maps {} to {}; the residual add needs equal shapes", b.name,
                                 to_string(b.in), to_string(merged)));
}

const char* to_string(Merge m) {
  switch (m) {
    case Merge::kNone: return "none";
    case Merge::kAdd: return "add";
    case Merge::kConcat: return "concat";
  }
  return "?";
}

std::vector<VectorOp> Block::merge_ops() const {
  int64_t adds = (merge == Merge::kAdd ? static_cast<int64_t>(branches.size()) - 1 : 0) + (residual ? 1 : 0);
  if (adds <= 0) return {};
  return {{VectorKind::kAdd, adds * in.elems()}};
}

ActShape branch_input(const Block& b) {
  ActShape in = b.in;
  if (!b.split_input) return in;
  int64_t parts = static_cast<int64_t>(b.branches.size());
  if (parts == 0 || b.in.c % parts != 0)
    throw InputError(fmt::format("block '{}': {} channels cannot be split into {} branches", b.name, b.in.c, parts));
  in.c = b.in.c / parts;
  return in;
}

void check_repeat(const Block& b) {
  if (b.repeat > 1 && b.out != b.in)
    throw InputError(fmt::format("block '{}' repeats {} times but maps {} to {}", b.name, b.repeat, to_string(b.in),
                                 to_string(b.out)));
}

void resolve_block(Block& b) {
  ActShape in = branch_input(b);
  for (Branch& br : b.branches) {
    br.in = in;
    br.out = resolve_chain(br.layers, in);
  }
  ActShape merged = merged_shape(b);
  check_residual(b, merged);
  b.out = resolve_chain(b.post, merged);
  check_repeat(b);
}

}  // namespace shiftadd::workload
