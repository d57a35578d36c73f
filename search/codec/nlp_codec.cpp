// NLP genome: both embedding widths, then per stack a layer-count gene followed by max-layers groups of
// per-layer genes (block, ffn_dim, heads; decoder also ende_heads, arbitrary_attn).
#include <algorithm>

#include "core/error.h"
#include "search/codec/arch_codec.h"

namespace shiftadd::search {
namespace {

class NlpCodec : public ArchCodec {
 public:
  explicit NlpCodec(const SearchSpace& s) : sp_(s.nlp) {
    choices_ = {int(sp_.embed_dim.size()), int(sp_.embed_dim.size())};
    enc_ = add_stack(sp_.encoder, false);
    dec_ = add_stack(sp_.decoder, true);
  }
  size_t genes() const override { return choices_.size(); }
  int choices(size_t g) const override { return choices_.at(g); }

  Arch decode(const Genome& g) const override {
    Arch a;
    a.enc_embed = sp_.embed_dim[size_t(g.at(0))];
    a.dec_embed = sp_.embed_dim[size_t(g.at(1))];
    a.encoder = decode_stack(sp_.encoder, false, enc_, g);
    a.decoder = decode_stack(sp_.decoder, true, dec_, g);
    return a;
  }
  Genome encode(const Arch& a) const override {
    Genome g(genes(), 0);
    g[0] = choice_index(sp_.embed_dim, a.enc_embed);
    g[1] = choice_index(sp_.embed_dim, a.dec_embed);
    encode_stack(sp_.encoder, false, enc_, a.encoder, g);
    encode_stack(sp_.decoder, true, dec_, a.decoder, g);
    return g;
  }
  bool valid(const Genome& g) const override {
    if (g.size() != genes()) return false;
    for (size_t i = 0; i < g.size(); ++i)
      if (g[i] < 0 || g[i] >= choices_[i]) return false;
    return true;
  }

 private:
  static int per_layer(bool dec) { return dec ? 5 : 3; }
  int add_stack(const NlpStackSpec& st, bool dec) {
    const int off = int(choices_.size());
    choices_.push_back(int(st.layers.size()));
    const int max_layers = *std::max_element(st.layers.begin(), st.layers.end());
    for (int l = 0; l < max_layers; ++l) {
      choices_.insert(choices_.end(), {int(st.block_types.size()), int(st.ffn_dim.size()), int(st.heads.size())});
      if (dec) choices_.insert(choices_.end(), {int(st.ende_heads.size()), int(st.arbitrary_attn.size())});
    }
    return off;
  }
  std::vector<NlpLayerArch> decode_stack(const NlpStackSpec& st, bool dec, int off, const Genome& g) const {
    std::vector<NlpLayerArch> out(size_t(st.layers[size_t(g.at(size_t(off)))]));
    for (size_t l = 0; l < out.size(); ++l) {
      const size_t b = size_t(off) + 1 + l * size_t(per_layer(dec));
      out[l].block = st.block_types[size_t(g.at(b))];
      out[l].ffn_dim = st.ffn_dim[size_t(g.at(b + 1))];
      out[l].heads = st.heads[size_t(g.at(b + 2))];
      if (dec) {
        out[l].ende_heads = st.ende_heads[size_t(g.at(b + 3))];
        out[l].arbitrary_attn = st.arbitrary_attn[size_t(g.at(b + 4))];
      }
    }
    return out;
  }
  void encode_stack(const NlpStackSpec& st, bool dec, int off, const std::vector<NlpLayerArch>& layers, Genome& g) const {
    g[size_t(off)] = choice_index(st.layers, int(layers.size()));
    for (size_t l = 0; l < layers.size(); ++l) {
      const size_t b = size_t(off) + 1 + l * size_t(per_layer(dec));
      g[b] = choice_index(st.block_types, layers[l].block);
      g[b + 1] = choice_index(st.ffn_dim, layers[l].ffn_dim);
      g[b + 2] = choice_index(st.heads, layers[l].heads);
      if (dec) {
        g[b + 3] = choice_index(st.ende_heads, layers[l].ende_heads);
        g[b + 4] = choice_index(st.arbitrary_attn, layers[l].arbitrary_attn);
      }
    }
  }
  NlpSpace sp_;
  std::vector<int> choices_;
  int enc_ = 0, dec_ = 0;
};

}  // namespace

std::unique_ptr<ArchCodec> make_nlp_codec(const SearchSpace& space) { return std::make_unique<NlpCodec>(space); }

}  // namespace shiftadd::search
