#pragma once
// The tiny NLP space, subnet and batch shared by the NLP supernet and int8 tests.
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "models/supernet/nlp_train.h"

namespace shiftadd::nn {

inline const char* kTinySpace = R"(name: tiny_nlp
task: nlp
vocab: 300
src_len: 12
tgt_len: 12
embed_dim: [8, 4]
hybrid: {split: 0.5, branch_heads: 2}
encoder:
  layers: [2]
  block_types: [attn, attn+conv, attn+shift, attn+add, conv, shift, add]
  ffn_dim: [12, 6]
  heads: [2]
  kernel_sizes: [3, 5]
decoder:
  layers: [1, 2]
  block_types: [attn, attn+conv, attn+shift, attn+add]
  ffn_dim: [12, 6]
  heads: [2]
  ende_heads: [2, 1]
  arbitrary_attn: [1, 2]
  kernel_sizes: [3, 5]
)";

// Renamed into place: parallel test processes share the path and must never read it half-written.
inline std::string tiny_space_path() {
  const std::string p = (std::filesystem::temp_directory_path() / "shiftadd_tiny_nlp_space.yaml").string();
  const std::string tmp = p + "." + std::to_string(::getpid());
  std::ofstream(tmp) << kTinySpace;
  std::filesystem::rename(tmp, p);
  return p;
}

inline Arch tiny_arch(BlockType enc_block, BlockType dec_block, int embed = 8) {
  Arch a;
  a.enc_embed = a.dec_embed = embed;
  for (int i = 0; i < 2; ++i) a.encoder.push_back({enc_block, 12, 2, 0, 0});
  for (int i = 0; i < 2; ++i) a.decoder.push_back({dec_block, 12, 2, 2, 2});
  return a;
}

inline NlpBatch tiny_batch() {
  std::vector<NlpExample> ex{{{5, 6, 7, 8}, {9, 10, 11}}, {{12, 13}, {14, 15, 16, 17}}, {{20}, {21, 22}}};
  return make_batch(ex, {0, 1, 2});
}

}  // namespace shiftadd::nn
