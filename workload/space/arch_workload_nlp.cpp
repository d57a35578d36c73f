// NLP subnets (encoder-decoder, ShiftAddNAS/HAT): see arch_workload.h.
#include <fmt/format.h>

#include <algorithm>

#include "workload/space/arch_workload.h"

namespace shiftadd {
namespace {

using namespace workload;

Layer lin(const std::string& name, int64_t out) {
  FullyConnected l;
  l.out_features = out;
  return make_layer(name, "linear", PeKind::kMult, l);
}
Layer attn(const std::string& name, int64_t heads, int64_t qkv, int64_t out) {
  Attention a;
  a.heads = heads, a.qkv_dim = qkv, a.out_dim = out;
  return make_layer(name, "self_attention", PeKind::kMult, a);
}
Layer lightweight(const std::string& name, BlockType t, int64_t kernel, int64_t heads, int64_t out) {
  Lightweight l;
  l.kernel = kernel, l.heads = heads, l.out_dim = out, l.glu = true;
  l.shift_linear = t == BlockType::kShift || t == BlockType::kAttnShift;
  l.conv_engine = (t == BlockType::kAdd || t == BlockType::kAttnAdd || l.shift_linear) ? PeKind::kAdd : PeKind::kMult;
  return make_layer(name, "lightweight", PeKind::kMult, l);
}
Layer layernorm(const std::string& name) { return make_layer(name, "layernorm", Engine::vector(), Norm{NormKind::kLayer}); }

void push(Network& net, Block b) {
  b.in = net.blocks.empty() ? net.input : net.blocks.back().out;
  resolve_block(b);
  net.blocks.push_back(std::move(b));
}

int64_t kernel_at(const NlpStackSpec& st, size_t i) {
  return st.kernel_sizes.empty() ? 3 : st.kernel_sizes[std::min(i, st.kernel_sizes.size() - 1)];
}

// Token mixing of one layer: attention, lightweight, or both on channel halves (hybrid).
Block mixer(const NlpSpace& s, const std::string& name, const NlpLayerArch& l, int64_t dim, int64_t kernel) {
  Block b;
  b.name = name;
  b.residual = true;
  b.post.push_back(layernorm(name + ".ln"));
  if (l.block == BlockType::kAttn) {
    b.branches.push_back({"attn", {attn(name + ".attn", l.heads, dim, dim)}, {}, {}});
  } else if (!is_hybrid(l.block)) {
    b.branches.push_back({"light", {lightweight(name + ".light", l.block, kernel, s.branch_heads, dim)}, {}, {}});
  } else {
    const int64_t half = int64_t(double(dim) * s.hybrid_split);
    b.split_input = true;
    b.merge = Merge::kConcat;
    b.branches.push_back({"attn", {attn(name + ".attn", std::max(1, l.heads / 2), half, half)}, {}, {}});
    b.branches.push_back({"light", {lightweight(name + ".light", l.block, kernel, s.branch_heads, dim - half)}, {}, {}});
  }
  return b;
}

Block ffn(const std::string& name, int64_t hidden, int64_t dim) {
  Block b;
  b.name = name;
  b.branches.push_back({"main", {lin(name + ".fc1", hidden), make_layer(name + ".relu", "relu", Engine::vector(), Activation{ActFn::kRelu}),
                                 lin(name + ".fc2", dim)}, {}, {}});
  b.residual = true;
  b.post.push_back(layernorm(name + ".ln"));
  return b;
}

Block embed(const std::string& name, int64_t vocab, int64_t dim, int64_t tokens) {
  Embedding e;
  e.vocab = vocab, e.dim = dim, e.tokens = tokens;
  Block b;
  b.name = name;
  b.branches.push_back({"main", {make_layer(name + ".tok", "embedding", Engine::vector(), e),
                                 make_layer(name + ".pos", "pos_embed", Engine::vector(), PosEmbed{false})}, {}, {}});
  return b;
}

}  // namespace

Network nlp_network(const SearchSpace& s, const Arch& arch) {
  const NlpSpace& n = s.nlp;
  Network net;
  net.name = "subnet of " + s.name;
  net.input = {1, 1, n.src_len, 1};
  push(net, embed("enc.embed", n.vocab, arch.enc_embed, n.src_len));
  for (size_t i = 0; i < arch.encoder.size(); ++i) {
    const NlpLayerArch& l = arch.encoder[i];
    push(net, mixer(n, fmt::format("enc{}.mix", i), l, arch.enc_embed, kernel_at(n.encoder, i)));
    push(net, ffn(fmt::format("enc{}.ffn", i), l.ffn_dim, arch.enc_embed));
  }
  push(net, embed("dec.embed", n.vocab, arch.dec_embed, n.tgt_len));
  for (size_t i = 0; i < arch.decoder.size(); ++i) {
    const NlpLayerArch& l = arch.decoder[i];
    push(net, mixer(n, fmt::format("dec{}.mix", i), l, arch.dec_embed, kernel_at(n.decoder, i)));
    Attention x;
    x.heads = l.ende_heads, x.qkv_dim = arch.dec_embed, x.out_dim = arch.dec_embed;
    x.cross = true, x.kv_len = n.src_len, x.kv_dim = arch.enc_embed;
    Block cb;
    cb.name = fmt::format("dec{}.cross", i);
    cb.branches.push_back({"attn", {make_layer(cb.name + ".attn", "cross_attention", PeKind::kMult, x)}, {}, {}});
    cb.residual = true;
    cb.post.push_back(layernorm(cb.name + ".ln"));
    push(net, cb);
    push(net, ffn(fmt::format("dec{}.ffn", i), l.ffn_dim, arch.dec_embed));
  }
  Block out;
  out.name = "dec.out";
  out.branches.push_back({"main", {lin("dec.out.proj", n.vocab)}, {}, {}});
  push(net, out);
  net.output = net.blocks.back().out;
  return net;
}

}  // namespace shiftadd
