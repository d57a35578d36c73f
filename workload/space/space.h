#pragma once
// Search spaces (configs/space/*.yaml) and the subnets (architectures) they contain.
// The supernet, the lookup-table builder and the search all read spaces through this one schema.
#include <string>
#include <vector>

#include "core/pe_kind.h"
#include "core/rng.h"

namespace shiftadd {

enum class BlockType { kAttn, kConv, kShift, kAdd, kAttnConv, kAttnShift, kAttnAdd };
const char* to_string(BlockType b);  // "attn", "conv", "shift", "add", "attn+conv", ...
bool has_attention(BlockType b);
bool is_hybrid(BlockType b);         // attn+X: two concurrent branches
// The arithmetic kind of a block's main (non-attention) op: the one map from block types onto PE kinds.
// attn and attn+conv are mult; shift and attn+shift are shift; add and attn+add are add.
PeKind block_pe_kind(BlockType b);

enum class Task { kCv, kNlp };

struct CvStageSpec {
  int resolution = 0, channels = 0;
  std::vector<int> depth;            // allowed depths
  std::vector<BlockType> blocks;     // allowed block types
};

struct CvSpace {
  int in_channels = 0, in_height = 0, in_width = 0, num_classes = 0;
  int stem_channels = 0, stem_kernel = 0, stem_stride = 1;
  bool stem_maxpool = false;
  int expansion = 4, attn_head_dim = 64;
  bool peg = true;
  int total_depth = 0;               // 0 = unconstrained
  std::vector<CvStageSpec> stages;
};

struct NlpStackSpec {
  std::vector<int> layers;           // allowed layer counts
  std::vector<BlockType> block_types;
  std::vector<int> ffn_dim, heads, ende_heads, arbitrary_attn, kernel_sizes;
};

struct NlpSpace {
  int vocab = 0, src_len = 0, tgt_len = 0;
  std::vector<int> embed_dim;
  double hybrid_split = 0.5;
  int branch_heads = 4;
  NlpStackSpec encoder, decoder;
};

struct SearchSpace {
  std::string file, name;
  Task task = Task::kCv;
  CvSpace cv;    // when task == kCv
  NlpSpace nlp;  // when task == kNlp
};

// One subnet.
struct NlpLayerArch {
  BlockType block = BlockType::kAttn;
  int ffn_dim = 0, heads = 0;
  int ende_heads = 0, arbitrary_attn = 0;  // decoder only
};
struct Arch {
  std::vector<std::vector<BlockType>> stages;  // CV: block type per layer per stage
  int enc_embed = 0, dec_embed = 0;            // NLP
  std::vector<NlpLayerArch> encoder, decoder;  // NLP
};

SearchSpace load_space(const std::string& path);                     // ConfigError naming file + key
Arch load_arch(const std::string& path, const SearchSpace& space);    // also checks membership
void save_arch(const std::string& path, const Arch& arch, const SearchSpace& space);
std::string arch_to_yaml(const Arch& arch, const SearchSpace& space);
// Throws ConfigError(file, key, ...) naming the first choice that is not in the space.
void check_arch(const SearchSpace& space, const Arch& arch, const std::string& file);
Arch sample_arch(const SearchSpace& space, Rng& rng);
// Canonical one-line key (stable across runs): used for caches and deduplication.
std::string arch_key(const Arch& arch, const SearchSpace& space);

}  // namespace shiftadd
