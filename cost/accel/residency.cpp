#include "cost/accel/residency.h"

#include <algorithm>

#include "cost/accel/accel_config.h"

namespace shiftadd {
namespace {

using workload::Layer;

// A chain of layers fed by a tensor with residency `in`. A layer's output stays on chip when it fits
// in `share` together with the layer's resident input (both are live while the layer runs), unless
// the input is already held by the block (`in_reserved`). Vector-only layers stream in place: their
// output is on chip only if their input was. `last_ok`: whether the chain's final output may stay.
std::vector<LayerResidency> chain(const ResidencyRule& rule, const std::vector<Layer>& layers, bool in,
                                  bool in_reserved, int64_t share, bool last_ok) {
  std::vector<LayerResidency> out(layers.size());
  for (size_t j = 0; j < layers.size(); ++j) {
    const Layer& l = layers[j];
    out[j].in_sram = in;
    const bool count_in = in && !(j == 0 && in_reserved);
    bool keep = rule.bytes(l.out) + (count_in ? rule.bytes(l.in) : 0) <= share;
    if (l.engine == workload::Engine::vector()) keep = in && rule.bytes(l.out) <= share;
    if (j + 1 == layers.size()) keep = keep && last_ok;
    out[j].out_sram = keep;
    in = keep;
  }
  return out;
}

}  // namespace

ResidencyRule residency_rule(const AccelConfig& cfg) {
  ResidencyRule r;
  r.act_bytes = (cfg.hw.arrays.front().a_bits + 7) / 8;
  if (cfg.reuse_layer_to_layer) r.capacity_bytes = int64_t(cfg.ifmap.size_kb * 1024) / 2;
  return r;
}

BlockResidency block_residency(const ResidencyRule& rule, const workload::Block& b, bool in_sram, bool want_out) {
  BlockResidency r;
  const int64_t cap = rule.capacity_bytes;
  in_sram = in_sram && cap > 0;
  // With a merge or residual the block input stays live until the merge; the branches split the rest.
  const bool multi = b.branches.size() > 1 || b.residual;
  bool identity = b.residual;
  int64_t nonempty = 0;
  for (const workload::Branch& br : b.branches) nonempty += !br.layers.empty(), identity |= br.layers.empty();
  const int64_t reserve = multi && in_sram ? rule.bytes(b.in) : 0;
  const int64_t share = multi ? std::max<int64_t>(0, cap - reserve) / std::max<int64_t>(1, nonempty) : cap;
  const bool has_post = !b.post.empty();
  bool merged = true;
  for (const workload::Branch& br : b.branches) {
    r.branches.push_back(chain(rule, br.layers, in_sram, multi, share, has_post || multi || want_out));
    if (!br.layers.empty()) merged = merged && r.branches.back().back().out_sram;
  }
  if (identity) merged = merged && in_sram;
  const workload::ActShape& m = has_post ? b.post.front().in : b.out;
  merged = merged && rule.bytes(m) <= cap && (has_post || want_out);
  if (nonempty == 0 && !multi) merged = in_sram && (has_post || want_out);
  r.post = chain(rule, b.post, merged, false, cap, want_out);
  r.out_sram = has_post ? r.post.back().out_sram : merged;
  return r;
}

std::vector<BlockRun> block_runs(const ResidencyRule& rule, const workload::Block& b, bool in_sram, bool next_reads) {
  std::vector<BlockRun> runs;
  for (int64_t c = 0; c < b.repeat; ++c) {
    const bool in = c == 0 ? in_sram && rule.fits(b.in) : runs.back().plan.out_sram;
    const bool want = (c + 1 < b.repeat || next_reads) && rule.fits(b.out);
    if (!runs.empty() && runs.back().in_sram == in && runs.back().want_out == want) {
      ++runs.back().copies;
    } else {
      runs.push_back({in, want, 1, block_residency(rule, b, in, want)});
    }
  }
  return runs;
}

std::vector<std::vector<BlockRun>> network_residency(const ResidencyRule& rule, const workload::Network& net) {
  std::vector<std::vector<BlockRun>> all(net.blocks.size());
  bool prev_out = false;
  for (size_t i = 0; i < net.blocks.size(); ++i) {
    const workload::Block& b = net.blocks[i];
    const bool next_reads = i + 1 < net.blocks.size() && net.blocks[i + 1].in == b.out;
    all[i] = block_runs(rule, b, prev_out, next_reads);
    if (!all[i].empty()) prev_out = all[i].back().plan.out_sram;
  }
  return all;
}

}  // namespace shiftadd
