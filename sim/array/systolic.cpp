// The systolic array of docs/hardware.md: folds and cycles from sim/fold_plan.h, events from the
// dataflow model, arithmetic from the PE model. Every PE kind and dataflow shares this code.
#include <map>

#include "sim/array/array_model.h"
#include "sim/fold_classes.h"
#include "sim/functional_gemm.h"
#include "sim/pe/pe_model.h"

namespace shiftadd {
namespace {

class SystolicArray : public ArrayModel {
 public:
  SystolicArray() {
    for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) pes_[k] = make_pe_model(k);
    for (Dataflow d : {Dataflow::kWS, Dataflow::kOS}) dataflows_[d] = make_dataflow_model(d);
  }

  ArrayRunResult run(const ArraySpec& s, const GemmJob& job, bool timing_only) const override {
    const DataflowModel& df = *dataflows_.at(s.dataflow);
    ArrayRunResult r;
    r.folds = fold_count(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    r.compute_cycles = compute_cycles(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    r.total_cycles = total_cycles(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    for (const FoldClass& fc : fold_classes(s.rows, s.cols, s.dataflow, job.M, job.K, job.N))
      r.events += df.fold_events(s, fc.fold).scaled(fc.count);
    r.utilization = double(r.events.pe_ops) / (double(s.rows) * s.cols * r.total_cycles);
    if (!timing_only) r.c = functional_gemm(*pes_.at(s.pe), s, job);
    return r;
  }

  std::vector<ScheduleStep> schedule(const ArraySpec& s, const GemmJob& job) const override {
    const DataflowModel& df = *dataflows_.at(s.dataflow);
    std::vector<ScheduleStep> steps;
    int64_t index = 0;
    for (const Fold& f : plan_folds(s.rows, s.cols, s.dataflow, job.M, job.K, job.N)) {
      const int64_t ops = df.fold_events(s, f).pe_ops;
      for (const PhaseSpan& p : df.fold_phases(s, f))
        if (p.cycles > 0) steps.push_back({index, p.phase, p.cycles, p.phase == FoldPhase::kStream ? ops : 0});
      ++index;
    }
    if (const int64_t drain = df.final_drain_cycles(s); drain > 0)
      steps.push_back({-1, FoldPhase::kReadout, drain, 0});
    return steps;
  }

 private:
  std::map<PeKind, std::unique_ptr<PeModel>> pes_;
  std::map<Dataflow, std::unique_ptr<DataflowModel>> dataflows_;
};

}  // namespace

void register_systolic_array(ArrayModelRegistry& r) {
  r.add("systolic", [] { return std::unique_ptr<ArrayModel>(new SystolicArray()); });
}

}  // namespace shiftadd
