// Subnet architectures: membership checks, sampling, canonical keys and YAML round-trip.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "core/yaml_reader.h"
#include "workload/space/space.h"

namespace shiftadd {
namespace {

template <class T>
bool contains(const std::vector<T>& v, const T& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

template <class T>
T pick(const std::vector<T>& v, Rng& rng) { return v[size_t(rng.uniform_int(0, int64_t(v.size()) - 1))]; }

BlockType block_from_string(const YamlNode& n) {
  const std::string s = n.as_enum({"attn", "conv", "shift", "add", "attn+conv", "attn+shift", "attn+add"});
  for (int i = 0; i < 7; ++i)
    if (s == to_string(BlockType(i))) return BlockType(i);
  n.fail("unreachable");
}

void check_choice(bool ok, const std::string& file, const std::string& key, const std::string& what) {
  if (!ok) throw ConfigError(file, key, what + " is not in the search space");
}

std::string list_str(const std::vector<int>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", v[i]);
  return "[" + s + "]";
}

void check_cv(const SearchSpace& sp, const Arch& a, const std::string& file) {
  const auto& cv = sp.cv;
  check_choice(a.stages.size() == cv.stages.size(), file, "stages",
               fmt::format("{} stages (expected {})", a.stages.size(), cv.stages.size()));
  int total = 0;
  for (size_t s = 0; s < a.stages.size(); ++s) {
    const int d = int(a.stages[s].size());
    total += d;
    check_choice(contains(cv.stages[s].depth, d), file, fmt::format("stages[{}]", s),
                 fmt::format("depth {} (allowed {})", d, list_str(cv.stages[s].depth)));
    for (size_t l = 0; l < a.stages[s].size(); ++l)
      check_choice(contains(cv.stages[s].blocks, a.stages[s][l]), file, fmt::format("stages[{}][{}]", s, l),
                   fmt::format("block type '{}'", to_string(a.stages[s][l])));
  }
  check_choice(cv.total_depth == 0 || total == cv.total_depth, file, "stages",
               fmt::format("total depth {} (space requires {})", total, cv.total_depth));
}

void check_stack(const NlpStackSpec& st, const std::vector<NlpLayerArch>& layers, bool dec, const std::string& file,
                 const std::string& prefix) {
  check_choice(contains(st.layers, int(layers.size())), file, prefix + ".layers",
               fmt::format("layer count {} (allowed {})", layers.size(), list_str(st.layers)));
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    const std::string k = fmt::format("{}.layers[{}]", prefix, i);
    check_choice(contains(st.block_types, l.block), file, k + ".block", fmt::format("block type '{}'", to_string(l.block)));
    check_choice(contains(st.ffn_dim, l.ffn_dim), file, k + ".ffn_dim", fmt::format("ffn_dim {}", l.ffn_dim));
    check_choice(contains(st.heads, l.heads), file, k + ".heads", fmt::format("heads {}", l.heads));
    if (dec) {
      check_choice(contains(st.ende_heads, l.ende_heads), file, k + ".ende_heads", fmt::format("ende_heads {}", l.ende_heads));
      check_choice(contains(st.arbitrary_attn, l.arbitrary_attn), file, k + ".arbitrary_attn",
                   fmt::format("arbitrary_attn {}", l.arbitrary_attn));
    }
  }
}

std::vector<NlpLayerArch> sample_stack(const NlpStackSpec& st, bool dec, Rng& rng) {
  std::vector<NlpLayerArch> out(size_t(pick(st.layers, rng)));
  for (auto& l : out) {
    l.block = pick(st.block_types, rng);
    l.ffn_dim = pick(st.ffn_dim, rng);
    l.heads = pick(st.heads, rng);
    if (dec) {
      l.ende_heads = pick(st.ende_heads, rng);
      l.arbitrary_attn = pick(st.arbitrary_attn, rng);
    }
  }
  return out;
}

std::vector<NlpLayerArch> parse_stack(const YamlNode& n, bool dec, int& embed) {
  n.reject_unknown({"embed_dim", "layers"});
  embed = int(n.get_int("embed_dim", 1, 1 << 20));
  std::vector<NlpLayerArch> out;
  for (const auto& item : n.at("layers").items()) {
    if (dec) item.reject_unknown({"block", "ffn_dim", "heads", "ende_heads", "arbitrary_attn"});
    else item.reject_unknown({"block", "ffn_dim", "heads"});
    NlpLayerArch l;
    l.block = block_from_string(item.at("block"));
    l.ffn_dim = int(item.get_int("ffn_dim", 1, 1 << 20));
    l.heads = int(item.get_int("heads", 1, 4096));
    if (dec) {
      l.ende_heads = int(item.get_int("ende_heads", 1, 4096));
      l.arbitrary_attn = int(item.get_int("arbitrary_attn", 1, 64));
    }
    out.push_back(l);
  }
  return out;
}

}  // namespace

const char* to_string(BlockType b) {
  static const char* kNames[] = {"attn", "conv", "shift", "add", "attn+conv", "attn+shift", "attn+add"};
  return kNames[int(b)];
}
bool has_attention(BlockType b) { return b == BlockType::kAttn || is_hybrid(b); }
bool is_hybrid(BlockType b) { return b == BlockType::kAttnConv || b == BlockType::kAttnShift || b == BlockType::kAttnAdd; }
PeKind block_pe_kind(BlockType b) {
  switch (b) {
    case BlockType::kShift: case BlockType::kAttnShift: return PeKind::kShift;
    case BlockType::kAdd: case BlockType::kAttnAdd: return PeKind::kAdd;
    default: return PeKind::kMult;
  }
}

void check_arch(const SearchSpace& sp, const Arch& a, const std::string& file) {
  if (sp.task == Task::kCv) {
    check_cv(sp, a, file);
    return;
  }
  check_choice(contains(sp.nlp.embed_dim, a.enc_embed), file, "encoder.embed_dim", fmt::format("embed_dim {}", a.enc_embed));
  check_choice(contains(sp.nlp.embed_dim, a.dec_embed), file, "decoder.embed_dim", fmt::format("embed_dim {}", a.dec_embed));
  check_stack(sp.nlp.encoder, a.encoder, false, file, "encoder");
  check_stack(sp.nlp.decoder, a.decoder, true, file, "decoder");
}

Arch sample_arch(const SearchSpace& sp, Rng& rng) {
  Arch a;
  if (sp.task == Task::kNlp) {
    a.enc_embed = pick(sp.nlp.embed_dim, rng);
    a.dec_embed = pick(sp.nlp.embed_dim, rng);
    a.encoder = sample_stack(sp.nlp.encoder, false, rng);
    a.decoder = sample_stack(sp.nlp.decoder, true, rng);
    return a;
  }
  // Depths: rejection sampling keeps the distribution uniform over valid depth vectors.
  std::vector<int> depth;
  for (int tries = 0;; ++tries) {
    depth.clear();
    int total = 0;
    for (const auto& st : sp.cv.stages) total += depth.emplace_back(pick(st.depth, rng));
    if (sp.cv.total_depth == 0 || total == sp.cv.total_depth) break;
    if (tries > 100000) throw ConfigError(sp.file, "total_depth", "no combination of stage depths reaches it");
  }
  for (size_t s = 0; s < depth.size(); ++s) {
    a.stages.emplace_back();
    for (int l = 0; l < depth[s]; ++l) a.stages.back().push_back(pick(sp.cv.stages[s].blocks, rng));
  }
  return a;
}

std::string arch_key(const Arch& a, const SearchSpace& sp) {
  std::string k;
  if (sp.task == Task::kCv) {
    for (const auto& st : a.stages) {
      k += "[";
      for (size_t i = 0; i < st.size(); ++i) k += fmt::format("{}{}", i ? "," : "", to_string(st[i]));
      k += "]";
    }
    return k;
  }
  k = fmt::format("e{}d{}|", a.enc_embed, a.dec_embed);
  for (const auto& l : a.encoder) k += fmt::format("{}:{}:{};", to_string(l.block), l.ffn_dim, l.heads);
  k += "|";
  for (const auto& l : a.decoder)
    k += fmt::format("{}:{}:{}:{}:{};", to_string(l.block), l.ffn_dim, l.heads, l.ende_heads, l.arbitrary_attn);
  return k;
}

std::string arch_to_yaml(const Arch& a, const SearchSpace& sp) {
  std::string y = fmt::format("space: {}\n", sp.name);
  if (sp.task == Task::kCv) {
    y += "stages:\n";
    for (const auto& st : a.stages) {
      y += "  - [";
      for (size_t i = 0; i < st.size(); ++i) y += fmt::format("{}{}", i ? ", " : "", to_string(st[i]));
      y += "]\n";
    }
    return y;
  }
  auto stack = [&](const char* name, int embed, const std::vector<NlpLayerArch>& layers, bool dec) {
    y += fmt::format("{}:\n  embed_dim: {}\n  layers:\n", name, embed);
    for (const auto& l : layers) {
      y += fmt::format("    - {{block: {}, ffn_dim: {}, heads: {}", to_string(l.block), l.ffn_dim, l.heads);
      if (dec) y += fmt::format(", ende_heads: {}, arbitrary_attn: {}", l.ende_heads, l.arbitrary_attn);
      y += "}\n";
    }
  };
  stack("encoder", a.enc_embed, a.encoder, false);
  stack("decoder", a.dec_embed, a.decoder, true);
  return y;
}

void save_arch(const std::string& path, const Arch& a, const SearchSpace& sp) {
  std::ofstream out(path);
  if (!out) throw DataError(path, "cannot open for writing");
  out << arch_to_yaml(a, sp);
}

Arch load_arch(const std::string& path, const SearchSpace& sp) {
  const YamlNode root = YamlNode::load_file(path);
  Arch a;
  const std::string space = root.get_string("space");
  if (space != sp.name) root.at("space").fail(fmt::format("subnet is for space '{}', expected '{}'", space, sp.name));
  if (sp.task == Task::kCv) {
    root.reject_unknown({"space", "stages"});
    for (const auto& st : root.at("stages").items()) {
      a.stages.emplace_back();
      for (const auto& b : st.items()) a.stages.back().push_back(block_from_string(b));
    }
  } else {
    root.reject_unknown({"space", "encoder", "decoder"});
    a.encoder = parse_stack(root.at("encoder"), false, a.enc_embed);
    a.decoder = parse_stack(root.at("decoder"), true, a.dec_embed);
  }
  check_arch(sp, a, path);
  return a;
}

}  // namespace shiftadd
