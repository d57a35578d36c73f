#include "workload/layer_yaml.h"
#include "workload/lowering.h"

#include <fmt/format.h>

#include <functional>
#include <utility>

namespace shiftadd::workload {
namespace {

constexpr int64_t kMaxSize = int64_t{1} << 40;

int64_t opt_int(const YamlNode& n, const std::string& key, int64_t def, int64_t lo = 1) {
  return n.has(key) ? n.get_int(key, lo, kMaxSize) : def;
}
bool opt_bool(const YamlNode& n, const std::string& key, bool def) { return n.has(key) ? n.get_bool(key) : def; }

// A scalar v means (v, v); a two-item list means (height, width).
std::pair<int64_t, int64_t> pair_of(const YamlNode& v, int64_t lo) {
  if (v.is_scalar()) {
    int64_t x = v.as_int(lo, kMaxSize);
    return {x, x};
  }
  std::vector<YamlNode> items = v.items();
  if (items.size() != 2) v.fail("expected an integer or a [height, width] pair");
  return {items[0].as_int(lo, kMaxSize), items[1].as_int(lo, kMaxSize)};
}
std::pair<int64_t, int64_t> opt_pair(const YamlNode& n, const std::string& key, std::pair<int64_t, int64_t> def,
                                     int64_t lo) {
  return n.has(key) ? pair_of(n.at(key), lo) : def;
}

Attrs conv(const YamlNode& n, const ActShape& in) {
  Conv2d c;
  bool dw = opt_bool(n, "depthwise", false);
  c.groups = dw ? in.c : opt_int(n, "groups", 1);
  c.out_channels = dw && !n.has("out") ? in.c : n.get_int("out", 1, kMaxSize);
  std::tie(c.kh, c.kw) = pair_of(n.at("kernel"), 1);
  std::tie(c.sh, c.sw) = opt_pair(n, "stride", {1, 1}, 1);
  std::tie(c.ph, c.pw) = opt_pair(n, "pad", {0, 0}, 0);
  c.bias = opt_bool(n, "bias", false);
  return c;
}

Attrs linear(const YamlNode& n, const ActShape&) {
  return FullyConnected{n.get_int("out", 1, kMaxSize), opt_bool(n, "bias", true), opt_bool(n, "shared", false)};
}

Attrs matmul(const YamlNode& n, const ActShape&) {
  return Matmul{n.get_int("m", 1, kMaxSize), n.get_int("k", 1, kMaxSize), n.get_int("n", 1, kMaxSize),
                opt_int(n, "count", 1), opt_bool(n, "b_is_activation", false)};
}

Attention attention_common(const YamlNode& n, const ActShape& in) {
  Attention a;
  a.heads = n.get_int("heads", 1, kMaxSize);
  a.qkv_dim = opt_int(n, "qkv_dim", in.c);
  a.out_dim = opt_int(n, "out_dim", in.c);
  a.bias = opt_bool(n, "bias", true);
  a.out_proj = opt_bool(n, "out_proj", true);
  return a;
}

Attrs self_attention(const YamlNode& n, const ActShape& in) { return attention_common(n, in); }

Attrs cross_attention(const YamlNode& n, const ActShape& in) {
  Attention a = attention_common(n, in);
  a.cross = true;
  a.kv_len = n.get_int("kv_len", 1, kMaxSize);
  a.kv_dim = opt_int(n, "kv_dim", in.c);
  return a;
}

Attrs lightweight(const YamlNode& n, const ActShape& in) {
  Lightweight l;
  l.kernel = n.get_int("kernel", 1, kMaxSize);
  l.heads = n.get_int("heads", 1, kMaxSize);
  l.out_dim = opt_int(n, "out_dim", in.c);
  l.glu = opt_bool(n, "glu", false);
  l.bias = opt_bool(n, "bias", true);
  l.shift_linear = opt_bool(n, "shift_linear", false);
  std::string k = n.has("conv") ? n.at("conv").as_enum({"conv", "add"}) : "conv";
  l.conv_engine = k == "add" ? PeKind::kAdd : PeKind::kMult;
  return l;
}

Attrs pool(const YamlNode& n, PoolKind kind) {
  Pool p;
  p.kind = kind;
  p.global = opt_bool(n, "global", false);
  if (p.global) return p;
  std::tie(p.kh, p.kw) = pair_of(n.at("kernel"), 1);
  std::tie(p.sh, p.sw) = opt_pair(n, "stride", {p.kh, p.kw}, 1);
  std::tie(p.ph, p.pw) = opt_pair(n, "pad", {0, 0}, 0);
  p.ceil_mode = opt_bool(n, "ceil_mode", false);
  return p;
}

struct TypeInfo {
  Engine engine;
  std::vector<std::string> keys;  // besides type and name
  std::function<Attrs(const YamlNode&, const ActShape&)> parse;
};

using Table = std::vector<std::pair<std::string, TypeInfo>>;

Table make_table() {
  const std::vector<std::string> conv_keys{"out", "kernel", "stride", "pad", "groups", "depthwise", "bias"};
  const std::vector<std::string> lin_keys{"out", "bias", "shared"};
  const std::vector<std::string> attn_keys{"heads", "qkv_dim", "out_dim", "bias", "out_proj"};
  std::vector<std::string> cross_keys = attn_keys;
  cross_keys.insert(cross_keys.end(), {"kv_len", "kv_dim"});
  const std::vector<std::string> pool_keys{"kernel", "stride", "pad", "ceil_mode", "global"};
  auto fixed = [](Attrs a) { return [a](const YamlNode&, const ActShape&) { return a; }; };
  const Engine V = Engine::vector();
  return {
      {"conv2d", {PeKind::kMult, conv_keys, conv}},
      {"shift_conv2d", {PeKind::kShift, conv_keys, conv}},
      {"add_conv2d", {PeKind::kAdd, conv_keys, conv}},
      {"linear", {PeKind::kMult, lin_keys, linear}},
      {"shift_linear", {PeKind::kShift, lin_keys, linear}},
      {"add_linear", {PeKind::kAdd, lin_keys, linear}},
      {"matmul", {PeKind::kMult, {"m", "k", "n", "count", "b_is_activation"}, matmul}},
      {"self_attention", {PeKind::kMult, attn_keys, self_attention}},
      {"cross_attention", {PeKind::kMult, cross_keys, cross_attention}},
      {"lightweight", {PeKind::kMult, {"kernel", "heads", "out_dim", "glu", "bias", "shift_linear", "conv"}, lightweight}},
      {"maxpool", {V, pool_keys, [](const YamlNode& n, const ActShape&) { return pool(n, PoolKind::kMax); }}},
      {"avgpool", {V, pool_keys, [](const YamlNode& n, const ActShape&) { return pool(n, PoolKind::kAvg); }}},
      {"batchnorm", {V, {}, fixed(Norm{NormKind::kBatch})}},
      {"layernorm", {V, {}, fixed(Norm{NormKind::kLayer})}},
      {"relu", {V, {}, fixed(Activation{ActFn::kRelu})}},
      {"gelu", {V, {}, fixed(Activation{ActFn::kGelu})}},
      {"silu", {V, {}, fixed(Activation{ActFn::kSilu})}},
      {"sigmoid", {V, {}, fixed(Activation{ActFn::kSigmoid})}},
      {"glu", {V, {}, fixed(Activation{ActFn::kGlu})}},
      {"softmax", {V, {}, fixed(Activation{ActFn::kSoftmax})}},
      {"embedding",
       {V, {"vocab", "dim", "tokens", "shared"},
        [](const YamlNode& n, const ActShape&) -> Attrs {
          return Embedding{n.get_int("vocab", 1, kMaxSize), n.get_int("dim", 1, kMaxSize),
                           n.get_int("tokens", 1, kMaxSize), opt_bool(n, "shared", false)};
        }}},
      {"to_tokens",
       {V, {"extra_tokens"}, [](const YamlNode& n, const ActShape&) -> Attrs { return ToTokens{opt_int(n, "extra_tokens", 0, 0)}; }}},
      {"pos_embed",
       {V, {"learned"}, [](const YamlNode& n, const ActShape&) -> Attrs { return PosEmbed{opt_bool(n, "learned", true)}; }}},
      {"take_tokens",
       {V, {"count"}, [](const YamlNode& n, const ActShape&) -> Attrs { return TakeTokens{opt_int(n, "count", 1)}; }}},
      {"squeeze_excite",
       {PeKind::kMult, {"reduced", "bias"},
        [](const YamlNode& n, const ActShape&) -> Attrs {
          return SqueezeExcite{n.get_int("reduced", 1, kMaxSize), opt_bool(n, "bias", true)};
        }}},
  };
}

const Table& table() {
  static const Table t = make_table();  // immutable after first use
  return t;
}

}  // namespace

const std::vector<std::string>& layer_types() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& kv : table()) v.push_back(kv.first);
    return v;
  }();
  return names;
}

Layer parse_layer(const YamlNode& node, const ActShape& in, const std::string& default_name) {
  node.expect_map();
  YamlNode type_node = node.at("type");
  std::string type = type_node.as_string();
  const TypeInfo* info = nullptr;
  for (const auto& kv : table())
    if (kv.first == type) info = &kv.second;
  if (!info) {
    std::string known;
    for (const auto& t : layer_types()) known += (known.empty() ? "" : ", ") + t;
    type_node.fail(fmt::format("unknown operator type '{}'; known types: [{}]", type, known));
  }
  std::vector<std::string> allowed = info->keys;
  allowed.insert(allowed.end(), {"type", "name"});
  node.reject_unknown(allowed);

  Layer l;
  l.type = type;
  l.name = node.has("name") ? node.get_string("name") : default_name;
  l.engine = info->engine;
  l.in = in;
  l.attrs = info->parse(node, in);
  try {
    resolve(l);
    check_magnitudes(l);
  } catch (const ShapeError& e) {
    (node.has(e.field()) ? node.at(e.field()) : node).fail(fmt::format("impossible shape: {}", e.what()));
  }
  return l;
}

}  // namespace shiftadd::workload
