#include "cost/dataflow/dataflow_model.h"

#include <map>

namespace shiftadd {

const char* to_string(FoldPhase p) {
  switch (p) {
    case FoldPhase::kIdle: return "idle";
    case FoldPhase::kLoad: return "load";
    case FoldPhase::kStream: return "stream";
    case FoldPhase::kDrain: return "drain";
    case FoldPhase::kReadout: return "readout";
  }
  return "?";
}

const DataflowRegistry& dataflow_registry() {
  static const DataflowRegistry reg = [] {
    DataflowRegistry r;
    register_ws_dataflow(r);
    register_os_dataflow(r);
    return r;
  }();
  return reg;
}

std::unique_ptr<DataflowModel> make_dataflow_model(Dataflow df) { return dataflow_registry().make(to_string(df)); }

const DataflowModel& dataflow_model(Dataflow df) {
  static const std::map<Dataflow, std::unique_ptr<DataflowModel>> models = [] {
    std::map<Dataflow, std::unique_ptr<DataflowModel>> m;
    for (const std::string& name : dataflow_registry().names()) {
      auto d = dataflow_registry().make(name);
      const Dataflow kind = d->kind();
      m.emplace(kind, std::move(d));
    }
    return m;
  }();
  return *models.at(df);
}

}  // namespace shiftadd
