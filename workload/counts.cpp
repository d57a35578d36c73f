#include "workload/counts.h"

namespace shiftadd::workload {

OpCounts& OpCounts::operator+=(const OpCounts& o) {
  params += o.params;
  embedding_params += o.embedding_params;
  macs += o.macs;
  mult += o.mult;
  add += o.add;
  shift += o.shift;
  vector_elems += o.vector_elems;
  return *this;
}

OpCounts OpCounts::scaled(int64_t k) const {
  OpCounts c = *this;
  c.params *= k;
  c.embedding_params *= k;
  c.macs *= k;
  c.mult *= k;
  c.add *= k;
  c.shift *= k;
  c.vector_elems *= k;
  return c;
}

OpCounts count_gemms(const std::vector<GemmShape>& gemms) {
  OpCounts c;
  for (const GemmShape& g : gemms) {
    int64_t macs = g.macs();
    c.macs += macs;
    if (g.engine.is_vector()) continue;
    switch (*g.engine.pe) {
      case PeKind::kMult: c.mult += macs; c.add += macs; break;
      case PeKind::kShift: c.shift += macs; c.add += macs; break;
      case PeKind::kAdd: c.add += 2 * macs; break;
    }
  }
  return c;
}

OpCounts count_layer(const Layer& layer) {
  OpCounts c = count_gemms(lower_to_gemms(layer));
  c.params = param_count(layer);
  if (is_embedding(layer)) c.embedding_params = c.params;
  for (const VectorOp& v : vector_ops(layer)) c.vector_elems += v.elements;
  return c;
}

namespace {

struct RowSink {
  NetworkCounts& nc;
  const Block& b;
  void add(CountRow row, const std::vector<VectorOp>& ops) {
    nc.total += row.per_copy.scaled(b.repeat);
    for (const VectorOp& v : ops) nc.vector_by_kind[static_cast<int>(v.kind)] += v.elements * b.repeat;
    nc.rows.push_back(std::move(row));
  }
  void layer(const std::string& branch, const Layer& l) {
    add(CountRow{b.name, branch, l.name, l.type, l.engine, l.out, b.repeat, count_layer(l)}, vector_ops(l));
  }
};

}  // namespace

NetworkCounts count_network(const Network& net) {
  NetworkCounts nc;
  for (const Block& b : net.blocks) {
    RowSink sink{nc, b};
    for (const Branch& br : b.branches)
      for (const Layer& l : br.layers) sink.layer(br.name, l);
    std::vector<VectorOp> merge = b.merge_ops();
    if (!merge.empty()) {
      CountRow row{b.name, "merge", b.name + ".merge", "residual_add", Engine::vector(), b.branches.front().out,
                   b.repeat, {}};
      for (const VectorOp& v : merge) row.per_copy.vector_elems += v.elements;
      sink.add(std::move(row), merge);
    }
    for (const Layer& l : b.post) sink.layer("post", l);
  }
  return nc;
}

}  // namespace shiftadd::workload
