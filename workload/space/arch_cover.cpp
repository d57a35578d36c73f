// cover_archs: a few subnets whose layers include every distinct layer of the space (see header).
#include <algorithm>

#include "workload/space/arch_workload.h"

namespace shiftadd {
namespace {

int max_of(const std::vector<int>& v) { return *std::max_element(v.begin(), v.end()); }

std::vector<NlpLayerArch> choices(const NlpStackSpec& st, bool decoder) {
  std::vector<NlpLayerArch> out;
  for (BlockType t : st.block_types)
    for (int h : st.heads)
      for (int f : st.ffn_dim) {
        if (!decoder) {
          out.push_back({t, f, h, 0, 0});
          continue;
        }
        for (int e : st.ende_heads) out.push_back({t, f, h, e, st.arbitrary_attn.empty() ? 0 : st.arbitrary_attn[0]});
      }
  return out;
}

}  // namespace

std::vector<Arch> cover_archs(const SearchSpace& sp) {
  std::vector<Arch> out;
  if (sp.task == Task::kCv) {
    // A block depends on its stage, whether it is the stage's first block, and its type.
    for (size_t s = 0; s < sp.cv.stages.size(); ++s)
      for (BlockType t : sp.cv.stages[s].blocks) {
        Arch a;
        for (size_t o = 0; o < sp.cv.stages.size(); ++o)
          a.stages.push_back(o == s ? std::vector<BlockType>{t, t} : std::vector<BlockType>{sp.cv.stages[o].blocks[0]});
        out.push_back(a);
      }
    return out;
  }
  // A layer depends on the embed dims, its position (kernel size) and its own choices: every
  // choice at every position, for every pair of embed dims.
  const auto enc = choices(sp.nlp.encoder, false), dec = choices(sp.nlp.decoder, true);
  const int enc_layers = max_of(sp.nlp.encoder.layers), dec_layers = max_of(sp.nlp.decoder.layers);
  for (int e : sp.nlp.embed_dim)
    for (int d : sp.nlp.embed_dim)
      for (size_t i = 0; i < std::max(enc.size(), dec.size()); ++i) {
        Arch a;
        a.enc_embed = e, a.dec_embed = d;
        a.encoder.assign(size_t(enc_layers), enc[i % enc.size()]);
        a.decoder.assign(size_t(dec_layers), dec[i % dec.size()]);
        out.push_back(a);
      }
  return out;
}

}  // namespace shiftadd
