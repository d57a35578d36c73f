#include "search/codec/arch_codec.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"

namespace shiftadd::search {

std::unique_ptr<ArchCodec> make_cv_codec(const SearchSpace& space);   // cv_codec.cpp
std::unique_ptr<ArchCodec> make_nlp_codec(const SearchSpace& space);  // nlp_codec.cpp

std::unique_ptr<ArchCodec> make_codec(const SearchSpace& space) {
  return space.task == Task::kCv ? make_cv_codec(space) : make_nlp_codec(space);
}

Genome random_genome(const ArchCodec& c, const SearchSpace& space, Rng& rng) {
  return c.encode(sample_arch(space, rng));
}

}  // namespace shiftadd::search

namespace shiftadd::search {
namespace {

std::string ints(const std::vector<int>& v) {
  std::string s;
  for (int x : v) s += std::to_string(x) + ",";
  return s;
}
std::string blocks(const std::vector<BlockType>& v) {
  std::string s;
  for (BlockType b : v) s += std::string(to_string(b)) + ",";
  return s;
}
std::string stack(const NlpStackSpec& st) {
  return ints(st.layers) + "/" + blocks(st.block_types) + "/" + ints(st.ffn_dim) + "/" + ints(st.heads) + "/" +
         ints(st.ende_heads) + "/" + ints(st.arbitrary_attn) + "/" + ints(st.kernel_sizes);
}

}  // namespace

std::string space_signature(const SearchSpace& s) {
  std::string sig = s.name + (s.task == Task::kCv ? "|cv|" : "|nlp|");
  if (s.task == Task::kCv) {
    const CvSpace& c = s.cv;
    sig += ints({c.in_channels, c.in_height, c.in_width, c.num_classes, c.stem_channels, c.stem_kernel, c.stem_stride,
                 int(c.stem_maxpool), c.expansion, c.attn_head_dim, int(c.peg), c.total_depth});
    for (const auto& st : c.stages) sig += "|" + ints({st.resolution, st.channels}) + ints(st.depth) + blocks(st.blocks);
    return sig;
  }
  const NlpSpace& n = s.nlp;
  return sig + ints({n.vocab, n.src_len, n.tgt_len, n.branch_heads}) + std::to_string(n.hybrid_split) + "|" +
         ints(n.embed_dim) + "|" + stack(n.encoder) + "|" + stack(n.decoder);
}

namespace {

bool allowed(BlockType b, const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), to_string(b)) != names.end();
}

void keep_allowed(std::vector<BlockType>& blocks, const std::vector<std::string>& names, const std::string& file,
                  const std::string& where) {
  std::vector<BlockType> kept;
  for (BlockType b : blocks)
    if (allowed(b, names)) kept.push_back(b);
  if (kept.empty()) throw ConfigError(file, "block_types", fmt::format("leaves {} of the space with no block type", where));
  blocks = kept;
}

}  // namespace

SearchSpace restrict_block_types(const SearchSpace& space, const std::vector<std::string>& names, const std::string& file) {
  SearchSpace s = space;
  if (names.empty()) return s;
  for (size_t i = 0; i < s.cv.stages.size(); ++i)
    keep_allowed(s.cv.stages[i].blocks, names, file, fmt::format("stage {}", i));
  if (s.task == Task::kNlp) {
    keep_allowed(s.nlp.encoder.block_types, names, file, "the encoder");
    keep_allowed(s.nlp.decoder.block_types, names, file, "the decoder");
  }
  return s;
}

void check_block_types(const Arch& a, const std::vector<std::string>& names, const std::string& file,
                       const std::string& subnet_path) {
  if (names.empty()) return;
  std::vector<BlockType> used;
  for (const auto& st : a.stages) used.insert(used.end(), st.begin(), st.end());
  for (const auto& l : a.encoder) used.push_back(l.block);
  for (const auto& l : a.decoder) used.push_back(l.block);
  for (BlockType b : used)
    if (!allowed(b, names))
      throw ConfigError(file, "report.subnets",
                        fmt::format("{} uses block type '{}', which block_types excludes", subnet_path, to_string(b)));
}

}  // namespace shiftadd::search
