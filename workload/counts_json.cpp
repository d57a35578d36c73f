#include "workload/counts_json.h"

namespace shiftadd::workload {
namespace {

nlohmann::json shape_json(const ActShape& s) { return {s.n, s.c, s.h, s.w}; }

nlohmann::json op_json(const OpCounts& c) {
  return {{"params", c.params}, {"embedding_params", c.embedding_params}, {"macs", c.macs}, {"mult", c.mult},
          {"add", c.add},       {"shift", c.shift},                       {"vector_elems", c.vector_elems}};
}

}  // namespace

nlohmann::json counts_to_json(const Network& net, const NetworkCounts& nc, bool per_layer) {
  nlohmann::json j;
  j["name"] = net.name;
  j["file"] = net.file;
  j["source"] = net.source;
  j["input"] = shape_json(net.input);
  j["output"] = shape_json(net.output);
  j["totals"] = op_json(nc.total);
  nlohmann::json vec = nlohmann::json::object();
  for (int k = 0; k < kNumVectorKinds; ++k) vec[to_string(static_cast<VectorKind>(k))] = nc.vector_by_kind[k];
  j["vector_ops"] = vec;
  if (!per_layer) return j;
  nlohmann::json rows = nlohmann::json::array();
  for (const CountRow& r : nc.rows) {
    nlohmann::json row = op_json(r.per_copy);  // per copy; multiply by repeat for the block's total
    row.update({{"block", r.block}, {"branch", r.branch}, {"name", r.layer}, {"type", r.type},
                {"engine", to_string(r.engine)}, {"out", shape_json(r.out)}, {"repeat", r.repeat}});
    rows.push_back(row);
  }
  j["layers"] = rows;
  return j;
}

}  // namespace shiftadd::workload
