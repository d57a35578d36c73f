// Parsing of configs/space/*.yaml into SearchSpace.
#include <fmt/format.h>

#include "core/yaml_reader.h"
#include "workload/space/space.h"

namespace shiftadd {
namespace {

const std::vector<std::string> kBlockNames = {"attn", "conv", "shift", "add", "attn+conv", "attn+shift", "attn+add"};

BlockType parse_block(const YamlNode& n) {
  const std::string s = n.as_enum(kBlockNames);
  for (size_t i = 0; i < kBlockNames.size(); ++i)
    if (kBlockNames[i] == s) return BlockType(i);
  n.fail("unreachable");
}

std::vector<int> int_choices(const YamlNode& map, const std::string& key, int lo, int hi) {
  std::vector<int> out;
  for (auto v : map.get_int_list(key, lo, hi)) out.push_back(int(v));
  if (out.empty()) map.at(key).fail("expected a non-empty list of choices");
  return out;
}

std::vector<BlockType> block_choices(const YamlNode& map, const std::string& key) {
  std::vector<BlockType> out;
  for (const auto& item : map.at(key).items()) out.push_back(parse_block(item));
  if (out.empty()) map.at(key).fail("expected a non-empty list of block types");
  return out;
}

CvSpace parse_cv(const YamlNode& root) {
  root.reject_unknown({"name", "task", "input", "num_classes", "stem", "block", "total_depth", "stages"});
  CvSpace cv;
  const YamlNode in = root.at("input");
  in.reject_unknown({"channels", "height", "width"});
  cv.in_channels = int(in.get_int("channels", 1, 64));
  cv.in_height = int(in.get_int("height", 4, 4096));
  cv.in_width = int(in.get_int("width", 4, 4096));
  cv.num_classes = int(root.get_int("num_classes", 2, 100000));
  const YamlNode stem = root.at("stem");
  stem.reject_unknown({"channels", "kernel", "stride", "maxpool"});
  cv.stem_channels = int(stem.get_int("channels", 1, 4096));
  cv.stem_kernel = int(stem.get_int("kernel", 1, 11));
  cv.stem_stride = int(stem.get_int("stride", 1, 4));
  cv.stem_maxpool = stem.get_bool("maxpool");
  const YamlNode block = root.at("block");
  block.reject_unknown({"expansion", "attn_head_dim", "peg"});
  cv.expansion = int(block.get_int("expansion", 1, 8));
  cv.attn_head_dim = int(block.get_int("attn_head_dim", 1, 1024));
  cv.peg = block.get_bool("peg");
  cv.total_depth = int(root.get_int("total_depth", 0, 1000));
  // The stem's output size (conv with padding kernel/2, then a 3x3/2 maxpool padded by 1); each stage then
  // divides the size by its first block's stride, so its resolution must divide the size before it.
  int64_t size = (cv.in_height + 2 * (cv.stem_kernel / 2) - cv.stem_kernel) / cv.stem_stride + 1;
  if (cv.stem_maxpool) size = (size - 1) / 2 + 1;
  for (const auto& st : root.at("stages").items()) {
    st.reject_unknown({"resolution", "channels", "depth", "blocks"});
    CvStageSpec s;
    s.resolution = int(st.get_int("resolution", 1, 4096));
    if (size % s.resolution != 0)
      st.at("resolution").fail(fmt::format("{} does not follow from the input: the size before this stage is {}, "
                                           "and a stage divides it by a whole stride",
                                           s.resolution, size));
    size = s.resolution;
    s.channels = int(st.get_int("channels", 1, 65536));
    s.depth = int_choices(st, "depth", 1, 64);
    s.blocks = block_choices(st, "blocks");
    for (auto b : s.blocks)
      if (is_hybrid(b)) st.at("blocks").fail("CV stages take attn, conv, shift or add blocks");
    if (s.channels % cv.expansion != 0)
      st.at("channels").fail(fmt::format("must be divisible by block.expansion = {}", cv.expansion));
    cv.stages.push_back(s);
  }
  if (cv.stages.empty()) root.at("stages").fail("expected at least one stage");
  return cv;
}

NlpStackSpec parse_stack(const YamlNode& n, bool decoder) {
  std::vector<std::string> keys = {"layers", "block_types", "ffn_dim", "heads", "kernel_sizes"};
  if (decoder) keys.insert(keys.end(), {"ende_heads", "arbitrary_attn"});
  n.reject_unknown(keys);
  NlpStackSpec s;
  s.layers = int_choices(n, "layers", 1, 64);
  s.block_types = block_choices(n, "block_types");
  s.ffn_dim = int_choices(n, "ffn_dim", 1, 65536);
  s.heads = int_choices(n, "heads", 1, 256);
  s.kernel_sizes = int_choices(n, "kernel_sizes", 1, 255);
  if (decoder) {
    s.ende_heads = int_choices(n, "ende_heads", 1, 256);
    s.arbitrary_attn = int_choices(n, "arbitrary_attn", 1, 64);
  }
  int max_layers = 0;
  for (int l : s.layers) max_layers = std::max(max_layers, l);
  if (int(s.kernel_sizes.size()) < max_layers)
    n.at("kernel_sizes").fail(fmt::format("expected one kernel size per layer ({} layers)", max_layers));
  return s;
}

NlpSpace parse_nlp(const YamlNode& root) {
  root.reject_unknown({"name", "task", "vocab", "src_len", "tgt_len", "embed_dim", "hybrid", "encoder", "decoder"});
  NlpSpace nlp;
  nlp.vocab = int(root.get_int("vocab", 4, 1 << 20));
  nlp.src_len = int(root.get_int("src_len", 1, 4096));
  nlp.tgt_len = int(root.get_int("tgt_len", 1, 4096));
  nlp.embed_dim = int_choices(root, "embed_dim", 1, 65536);
  const YamlNode hy = root.at("hybrid");
  hy.reject_unknown({"split", "branch_heads"});
  nlp.hybrid_split = hy.get_double("split", 0.05, 0.95);
  nlp.branch_heads = int(hy.get_int("branch_heads", 1, 256));
  nlp.encoder = parse_stack(root.at("encoder"), false);
  nlp.decoder = parse_stack(root.at("decoder"), true);
  for (auto b : nlp.decoder.block_types)
    if (!has_attention(b)) root.at("decoder").at("block_types").fail("decoder blocks must contain attention");
  for (int e : nlp.embed_dim)
    for (int h : nlp.encoder.heads)
      if (e % h != 0) root.at("embed_dim").fail(fmt::format("embed_dim {} is not divisible by heads {}", e, h));
  return nlp;
}

}  // namespace

SearchSpace load_space(const std::string& path) {
  const YamlNode root = YamlNode::load_file(path);
  root.expect_map();
  SearchSpace sp;
  sp.file = path;
  sp.name = root.get_string("name");
  const std::string task = root.get_enum("task", {"cv", "nlp"});
  sp.task = task == "cv" ? Task::kCv : Task::kNlp;
  if (sp.task == Task::kCv) sp.cv = parse_cv(root);
  else sp.nlp = parse_nlp(root);
  return sp;
}

}  // namespace shiftadd
