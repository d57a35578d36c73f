#include <fmt/format.h>

#include "workload/layer_yaml.h"
#include "workload/trace.h"

namespace shiftadd::workload {
namespace {

constexpr int64_t kMaxSize = int64_t{1} << 40;

// Parses a layer list starting at `in`; returns the output shape.
ActShape parse_layers(const YamlNode& list, ActShape in, const std::string& prefix, std::vector<Layer>& out) {
  std::vector<YamlNode> items = list.items();
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back(parse_layer(items[i], in, fmt::format("{}.{}", prefix, i)));
    in = out.back().out;
  }
  return in;
}

Merge parse_merge(const YamlNode& n) {
  std::string m = n.as_enum({"none", "add", "concat"});
  return m == "add" ? Merge::kAdd : m == "concat" ? Merge::kConcat : Merge::kNone;
}

// `call` runs a shape step of network.h; its InputError becomes a ConfigError at `at`.
template <class Fn>
auto at_key(const YamlNode& at, Fn&& call) {
  try {
    return call();
  } catch (const InputError& e) {
    at.fail(fmt::format("impossible shape: {}", e.what()));
  }
}

Block parse_block(const YamlNode& n, const ActShape& in, const std::string& name) {
  n.reject_unknown({"name", "repeat", "layers", "branches", "merge", "split", "residual", "post"});
  Block b;
  b.name = name;
  b.repeat = n.has("repeat") ? n.get_int("repeat", 1, kMaxSize) : 1;
  b.split_input = n.has("split") && n.get_bool("split");
  b.in = in;
  if (n.has("layers") == n.has("branches")) n.fail("a block needs exactly one of 'layers' or 'branches'");
  if (n.has("layers")) {
    b.branches.push_back(Branch{"main", {}, in, in});
  } else {
    for (const YamlNode& bn : n.at("branches").items()) {
      bn.reject_unknown({"name", "layers"});
      b.branches.push_back(Branch{bn.has("name") ? bn.get_string("name") : fmt::format("b{}", b.branches.size()),
                                  {}, in, in});
    }
    if (b.branches.empty()) n.at("branches").fail("expected at least one branch");
  }
  b.merge = n.has("merge") ? parse_merge(n.at("merge")) : Merge::kNone;
  b.residual = n.has("residual") && n.get_bool("residual");
  ActShape branch_in = at_key(n.has("split") ? n.at("split") : n, [&] { return branch_input(b); });
  for (size_t i = 0; i < b.branches.size(); ++i) {
    Branch& br = b.branches[i];
    YamlNode list = n.has("layers") ? n.at("layers") : n.at("branches").items()[i].at("layers");
    std::string prefix = b.branches.size() == 1 ? b.name : b.name + "." + br.name;
    br.in = branch_in;
    br.out = parse_layers(list, branch_in, prefix, br.layers);
  }
  ActShape merged = at_key(n.has("merge") ? n.at("merge") : n, [&] { return merged_shape(b); });
  at_key(n.has("residual") ? n.at("residual") : n, [&] { check_residual(b, merged); });
  b.out = n.has("post") ? parse_layers(n.at("post"), merged, b.name + ".post", b.post) : merged;
  at_key(n.has("repeat") ? n.at("repeat") : n, [&] { check_repeat(b); });
  return b;
}

ActShape parse_input(const YamlNode& n) {
  std::vector<YamlNode> items = n.items();
  if (items.size() != 4) n.fail("expected [batch, channels, height, width]");
  return {items[0].as_int(1, kMaxSize), items[1].as_int(1, kMaxSize), items[2].as_int(1, kMaxSize),
          items[3].as_int(1, kMaxSize)};
}

constexpr int64_t kMaxBlocks = 1 << 12;  // real networks have at most a few hundred

// A list of blocks and groups. A group `{group: enc, repeat: 6, blocks: [...]}` is expanded into
// repeat copies of its blocks named enc.<copy>.<block>, so sequences of residual blocks (a
// transformer layer is two) can be repeated while keeping their order.
ActShape parse_blocks(const YamlNode& list, ActShape cur, const std::string& prefix, std::vector<Block>& out) {
  std::vector<YamlNode> items = list.items();
  if (items.empty()) list.fail("expected at least one block");
  for (size_t i = 0; i < items.size(); ++i) {
    const YamlNode& n = items[i];
    n.expect_map();
    if (n.has("group")) {
      n.reject_unknown({"group", "repeat", "blocks"});
      std::string g = prefix + n.get_string("group");
      int64_t copies = n.has("repeat") ? n.get_int("repeat", 1, 1 << 20) : 1;
      const int64_t before = int64_t(out.size());
      for (int64_t r = 0; r < copies; ++r) {
        cur = parse_blocks(n.at("blocks"), cur, fmt::format("{}.{}.", g, r), out);
        // Nested groups multiply: a few hundred bytes could expand to billions of blocks. Every copy has the
        // first one's block count, so the total is known (and refused) before the other copies are parsed.
        const int64_t total = r == 0 ? before + copies * (int64_t(out.size()) - before) : int64_t(out.size());
        if (total > kMaxBlocks)
          n.fail(fmt::format("group '{}' expands the network to {} blocks, more than {}", g, total, kMaxBlocks));
      }
      continue;
    }
    std::string name = prefix + (n.has("name") ? n.get_string("name") : fmt::format("block{}", i));
    out.push_back(parse_block(n, cur, name));
    cur = out.back().out;
  }
  return cur;
}

}  // namespace

Network parse_trace(const YamlNode& root) {
  root.reject_unknown({"name", "source", "notes", "input", "blocks"});
  Network net;
  net.file = root.file();
  net.name = root.get_string("name");
  net.source = root.has("source") ? root.get_string("source") : "";
  net.notes = root.has("notes") ? root.get_string("notes") : "";
  net.input = parse_input(root.at("input"));
  net.output = parse_blocks(root.at("blocks"), net.input, "", net.blocks);
  return net;
}

Network load_trace_yaml(const std::string& path) { return parse_trace(YamlNode::load_file(path)); }

Network load_workload(const std::string& path) {
  auto ends_with = [&](const std::string& suf) {
    return path.size() >= suf.size() && path.compare(path.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends_with(".csv") || ends_with(".CSV")) return load_scalesim_csv(path);
  return load_trace_yaml(path);
}

}  // namespace shiftadd::workload
