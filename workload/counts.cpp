#include "workload/counts.h"

#include <fmt/format.h>

namespace shiftadd::workload {
namespace {

// Checked int64 arithmetic: a total that does not fit is an error, never a wrapped negative count.
int64_t checked_add(int64_t a, int64_t b, const char* what) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw InputError(fmt::format("the total {} exceeds 2^63 (int64)", what));
  return r;
}
int64_t checked_mul(int64_t a, int64_t b, const char* what) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw InputError(fmt::format("the total {} exceeds 2^63 (int64)", what));
  return r;
}

template <class Op>
OpCounts apply(const OpCounts& a, Op op) {
  OpCounts c;
  c.params = op(a.params, "params");
  c.embedding_params = op(a.embedding_params, "embedding params");
  c.macs = op(a.macs, "MACs");
  c.mult = op(a.mult, "#mult");
  c.add = op(a.add, "#add");
  c.shift = op(a.shift, "#shift");
  c.vector_elems = op(a.vector_elems, "vector elements");
  return c;
}

}  // namespace

OpCounts& OpCounts::operator+=(const OpCounts& o) {
  params = checked_add(params, o.params, "params");
  embedding_params = checked_add(embedding_params, o.embedding_params, "embedding params");
  macs = checked_add(macs, o.macs, "MACs");
  mult = checked_add(mult, o.mult, "#mult");
  add = checked_add(add, o.add, "#add");
  shift = checked_add(shift, o.shift, "#shift");
  vector_elems = checked_add(vector_elems, o.vector_elems, "vector elements");
  return *this;
}

OpCounts OpCounts::scaled(int64_t k) const {
  return apply(*this, [k](int64_t v, const char* what) { return checked_mul(v, k, what); });
}

OpCounts count_gemms(const std::vector<GemmShape>& gemms) {
  OpCounts c;
  for (const GemmShape& g : gemms) {
    const int64_t macs = g.macs();
    c.macs = checked_add(c.macs, macs, "MACs");
    if (g.engine.is_vector()) continue;
    switch (*g.engine.pe) {
      case PeKind::kMult: c.mult = checked_add(c.mult, macs, "#mult"); break;
      case PeKind::kShift: c.shift = checked_add(c.shift, macs, "#shift"); break;
      case PeKind::kAdd: c.add = checked_add(c.add, macs, "#add"); break;  // the L1 term's subtraction
    }
    c.add = checked_add(c.add, macs, "#add");  // every kind accumulates
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
    try {
      nc.total += row.per_copy.scaled(b.repeat);
      for (const VectorOp& v : ops) {
        int64_t& k = nc.vector_by_kind[static_cast<int>(v.kind)];
        k = checked_add(k, checked_mul(v.elements, b.repeat, "vector elements"), "vector elements");
      }
    } catch (const InputError& e) {
      throw InputError(fmt::format("block '{}' (x{}), layer '{}': {}", b.name, b.repeat, row.layer, e.what()));
    }
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
