#include "cost/dataflow/dataflow_model.h"

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
  static const auto models = instances_by<Dataflow>(dataflow_registry(), [](const DataflowModel& d) { return d.kind(); });
  return *models.at(df);
}

}  // namespace shiftadd
