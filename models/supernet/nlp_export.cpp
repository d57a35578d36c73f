// Standalone export of an NLP subnet: the leading slices of the supernet tensors that the subnet uses,
// plus the effective lightweight weights (conv: softmax(K); add / shift: T(K); shift-linear: pow2(T2(W2))).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text_file.h"
#include "core/error.h"
#include "core/npy.h"
#include "models/supernet/nlp_train.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

using Named = std::vector<std::tuple<std::string, Tensor, const char*>>;

void put_linear(Named& out, const std::string& n, const ElasticLinear& l, int64_t rows, int64_t cols) {
  out.emplace_back(n + ".weight", slice2d(l.weight.value, rows, cols), "param");
  if (!l.bias.value.empty()) out.emplace_back(n + ".bias", slice2d(l.bias.value.reshaped({1, l.bias.value.numel()}), 1, rows).reshaped({rows}), "param");
}
void put_vec(Named& out, const std::string& n, const Param& p, int64_t len) {
  out.emplace_back(n, slice2d(p.value.reshaped({1, p.value.numel()}), 1, len).reshaped({len}), "param");
}
void put_attn(Named& out, const std::string& n, const ElasticAttention& a, int64_t d, int64_t dkv) {
  put_linear(out, n + ".q", a.q, d, d);
  put_linear(out, n + ".k", a.k, d, dkv);
  put_linear(out, n + ".v", a.v, d, dkv);
  put_linear(out, n + ".o", a.o, d, d);
}
void put_ln(Named& out, const std::string& n, const ElasticLayerNorm& l, int64_t d) {
  put_vec(out, n + ".gamma", l.gamma, d);
  put_vec(out, n + ".beta", l.beta, d);
}

void put_layer(Named& out, const std::string& n, NlpLayer& L, const NlpLayerArch& a, int64_t d, int64_t d_enc) {
  int64_t attn_d = a.block == BlockType::kAttn ? d : 0, light_d = 0;
  if (a.block != BlockType::kAttn) {
    attn_d = is_hybrid(a.block) ? int64_t(double(d) * L.split) : 0;
    light_d = d - attn_d;
  }
  if (attn_d > 0) put_attn(out, n + ".attn", L.self_attn, attn_d, attn_d);
  if (light_d > 0) {
    LightBranch& lb = *L.light;
    const BlockType k = light_kind(a.block);
    put_linear(out, n + ".light.lin1a", lb.lin1a, light_d, light_d);
    put_linear(out, n + ".light.lin1g", lb.lin1g, light_d, light_d);
    put_linear(out, n + ".light.lin2", lb.lin2, light_d, light_d);
    out.emplace_back(n + ".light.kernel", lb.K.value, "param");
    if (k != BlockType::kConv) out.emplace_back(n + ".light.T.scale", lb.T.scale.value, "param");
    if (k == BlockType::kShift) out.emplace_back(n + ".light.T2.scale", lb.T2.scale.value, "param");
    out.emplace_back(n + ".light.conv_weight", lb.conv_kernel(k), "effective_weight");
    if (k == BlockType::kShift) out.emplace_back(n + ".light.shift_weight", lb.shift_weight(light_d), "effective_weight");
  }
  put_ln(out, n + ".ln_mix", L.ln_mix, d);
  if (L.decoder) {
    put_attn(out, n + ".cross", *L.cross, d, d_enc);
    put_ln(out, n + ".ln_cross", *L.ln_cross, d);
  }
  put_linear(out, n + ".fc1", L.fc1, a.ffn_dim, d);
  put_linear(out, n + ".fc2", L.fc2, d, a.ffn_dim);
  put_ln(out, n + ".ln_ffn", L.ln_ffn, d);
}

}  // namespace

void export_nlp_subnet(NlpRun& run, const Arch& arch, const std::string& out_dir) {
  check_arch(run.space, arch, "<arch>");
  NlpSupernet& net = *run.net;
  Named named;
  named.emplace_back("embed", slice2d(net.embed.value, run.space.nlp.vocab, std::max(arch.enc_embed, arch.dec_embed)),
                     "param");
  named.emplace_back("out_bias", net.out_bias.value, "param");
  for (size_t i = 0; i < arch.encoder.size(); ++i)
    put_layer(named, fmt::format("enc{}", i), *net.enc[i], arch.encoder[i], arch.enc_embed, arch.enc_embed);
  for (size_t i = 0; i < arch.decoder.size(); ++i)
    put_layer(named, fmt::format("dec{}", i), *net.dec[i], arch.decoder[i], arch.dec_embed, arch.enc_embed);
  fs::create_directories(out_dir + "/weights");
  save_arch(out_dir + "/arch.yaml", arch, run.space);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& [name, t, kind] : named) {
    const std::string rel = "weights/" + name + ".npy";
    write_npy(out_dir + "/" + rel, make_npy_f32(t.shape(), t.to_vector()));
    files.push_back({{"name", name}, {"file", rel}, {"shape", t.shape()}, {"kind", kind}});
  }
  const nlohmann::json manifest{{"format", "shiftadd-subnet-v1"}, {"space", run.space.name},
                                {"share_mode", "heterogeneous"},  {"supernet_step", run.step},
                                {"arch_key", arch_key(arch, run.space)}, {"tied_embedding", true},
                                {"tensors", files}};
  write_file_atomic(out_dir + "/manifest.json", manifest.dump(1) + "\n");
}

}  // namespace shiftadd::nn
