// arch_block_keys: one key per block of arch_to_network(space, arch), without expanding it.
#include <fmt/format.h>

#include "core/error.h"
#include "workload/space/arch_workload.h"

namespace shiftadd {
namespace {

uint64_t key(std::initializer_list<int64_t> parts) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the 64-bit parts
  for (int64_t p : parts)
    for (int b = 0; b < 8; ++b) h = (h ^ ((uint64_t(p) >> (8 * b)) & 0xff)) * 1099511628211ull;
  return h;
}

}  // namespace

std::vector<uint64_t> arch_block_keys(const SearchSpace& sp, const Arch& a) {
  std::vector<uint64_t> k;
  if (sp.task == Task::kCv) {
    k.push_back(key({1}));
    for (size_t i = 0; i < a.stages.size(); ++i)
      for (size_t j = 0; j < a.stages[i].size(); ++j) k.push_back(key({2, int64_t(i), j == 0, int64_t(a.stages[i][j])}));
    k.push_back(key({3}));
    return k;
  }
  k.push_back(key({10, a.enc_embed}));
  for (size_t i = 0; i < a.encoder.size(); ++i) {
    const NlpLayerArch& l = a.encoder[i];
    k.push_back(key({11, int64_t(i), int64_t(l.block), l.heads, a.enc_embed}));
    k.push_back(key({12, l.ffn_dim, a.enc_embed}));
  }
  k.push_back(key({13, a.dec_embed}));
  for (size_t i = 0; i < a.decoder.size(); ++i) {
    const NlpLayerArch& l = a.decoder[i];
    k.push_back(key({14, int64_t(i), int64_t(l.block), l.heads, a.dec_embed}));
    k.push_back(key({15, l.ende_heads, a.dec_embed, a.enc_embed}));
    k.push_back(key({16, l.ffn_dim, a.dec_embed}));
  }
  k.push_back(key({17, a.dec_embed}));
  return k;
}

}  // namespace shiftadd
