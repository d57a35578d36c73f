#include "workload/space/arch_workload.h"

#include <fmt/format.h>

#include <algorithm>

namespace shiftadd {
namespace {

using namespace workload;


Layer conv(const std::string& name, Engine e, int64_t out, int64_t k, int64_t stride, int64_t groups = 1) {
  Conv2d c;
  c.out_channels = out, c.kh = c.kw = k, c.sh = c.sw = stride, c.ph = c.pw = k / 2, c.groups = groups;
  const char* type = e == PeKind::kShift ? "shift_conv2d" : e == PeKind::kAdd ? "add_conv2d" : "conv2d";
  return make_layer(name, type, e, c);
}
Layer linear(const std::string& name, Engine e, int64_t out) {
  FullyConnected l;
  l.out_features = out;
  return make_layer(name, e == PeKind::kShift ? "shift_linear" : "linear", e, l);
}
Layer norm(const std::string& name, NormKind k) {
  return make_layer(name, k == NormKind::kBatch ? "batchnorm" : "layernorm", Engine::vector(), Norm{k});
}
Layer act(const std::string& name, ActFn k) {
  return make_layer(name, k == ActFn::kRelu ? "relu" : "silu", Engine::vector(), Activation{k});
}

// Appends a block after resolving it from the previous output.
void push(Network& net, Block b) {
  b.in = net.blocks.empty() ? net.input : net.blocks.back().out;
  resolve_block(b);
  net.blocks.push_back(std::move(b));
}

Block cv_block(const CvSpace& cv, const std::string& name, BlockType t, int64_t in_c, int64_t out_c, int64_t stride) {
  const int64_t planes = std::max<int64_t>(1, out_c / cv.expansion);
  const Engine e = block_pe_kind(t);
  Branch main{"main", {}, {}, {}};
  auto& L = main.layers;
  if (t == BlockType::kAttn) {
    L.push_back(conv(name + ".conv1", PeKind::kMult, planes, 1, 1));
    L.push_back(norm(name + ".bn1", NormKind::kBatch));
    L.push_back(act(name + ".act1", ActFn::kRelu));
    if (cv.peg) L.push_back(conv(name + ".peg", PeKind::kMult, planes, 3, 1, planes));
    Attention a;
    a.heads = std::max<int64_t>(1, planes / cv.attn_head_dim), a.qkv_dim = planes, a.out_dim = planes;
    a.bias = false, a.out_proj = false;
    L.push_back(make_layer(name + ".mhsa", "self_attention", PeKind::kMult, a));
    if (stride > 1) {
      Pool p;
      p.kind = PoolKind::kAvg, p.kh = p.kw = p.sh = p.sw = stride;
      L.push_back(make_layer(name + ".pool", "avgpool", Engine::vector(), p));
    }
  } else {
    L.push_back(conv(name + ".conv1", e, planes, 1, 1));
    L.push_back(norm(name + ".bn1", NormKind::kBatch));
    L.push_back(act(name + ".act1", ActFn::kRelu));
    L.push_back(conv(name + ".conv2", e, planes, 3, stride));
  }
  L.push_back(norm(name + ".bn2", NormKind::kBatch));
  L.push_back(act(name + ".act2", ActFn::kRelu));
  L.push_back(conv(name + ".conv3", e == PeKind::kMult || t == BlockType::kAttn ? PeKind::kMult : e, out_c, 1, 1));
  L.push_back(norm(name + ".bn3", NormKind::kBatch));
  Block b;
  b.name = name;
  b.branches.push_back(main);
  if (stride > 1 || in_c != out_c) {
    b.branches.push_back({"shortcut", {conv(name + ".down", e, out_c, 1, stride), norm(name + ".down_bn", NormKind::kBatch)}, {}, {}});
    b.merge = Merge::kAdd;
  } else {
    b.residual = true;
  }
  b.post.push_back(act(name + ".out_act", ActFn::kRelu));
  return b;
}

Network cv_network(const SearchSpace& s, const Arch& arch) {
  const CvSpace& cv = s.cv;
  if (arch.stages.size() != cv.stages.size())
    throw InputError(fmt::format("arch has {} stages, space '{}' has {}", arch.stages.size(), s.name, cv.stages.size()));
  Network net;
  net.name = "subnet of " + s.name;
  net.input = {1, cv.in_channels, cv.in_height, cv.in_width};
  Block stem;
  stem.name = "stem";
  Branch sb{"main", {conv("stem.conv", PeKind::kMult, cv.stem_channels, cv.stem_kernel, cv.stem_stride),
                     norm("stem.bn", NormKind::kBatch), act("stem.act", ActFn::kRelu)}, {}, {}};
  if (cv.stem_maxpool) {
    Pool p;
    p.kh = p.kw = 3, p.sh = p.sw = 2, p.ph = p.pw = 1;
    sb.layers.push_back(make_layer("stem.pool", "maxpool", Engine::vector(), p));
  }
  stem.branches.push_back(sb);
  push(net, stem);
  for (size_t i = 0; i < cv.stages.size(); ++i) {
    const CvStageSpec& st = cv.stages[i];
    for (size_t j = 0; j < arch.stages[i].size(); ++j) {
      const ActShape in = net.blocks.back().out;
      const int64_t stride = j == 0 ? std::max<int64_t>(1, in.h / st.resolution) : 1;
      push(net, cv_block(cv, fmt::format("stage{}.{}.{}", i + 1, j, to_string(arch.stages[i][j])), arch.stages[i][j],
                         in.c, st.channels, stride));
    }
  }
  Block head;
  head.name = "head";
  Pool gp;
  gp.kind = PoolKind::kAvg, gp.global = true;
  head.branches.push_back({"main", {make_layer("head.pool", "avgpool", Engine::vector(), gp),
                                    linear("head.fc", PeKind::kMult, cv.num_classes)}, {}, {}});
  push(net, head);
  net.output = net.blocks.back().out;
  return net;
}

}  // namespace

Network nlp_network(const SearchSpace& s, const Arch& arch);  // arch_workload_nlp.cpp

workload::Network arch_to_network(const SearchSpace& space, const Arch& arch) {
  return space.task == Task::kCv ? cv_network(space, arch) : nlp_network(space, arch);
}

}  // namespace shiftadd
