// The systolic array of docs/hardware.md: folds and cycles from cost/fold_plan.h, events from the
// dataflow model, arithmetic from the PE model. Every PE kind and dataflow shares this code.
#include "cost/array/array_model.h"
#include "cost/fold_classes.h"
#include "cost/functional_gemm.h"
#include "cost/pe/pe_model.h"

namespace shiftadd {
namespace {

class SystolicArray : public ArrayModel {
 public:
  ArrayRunResult run(const ArraySpec& s, const GemmJob& job, bool timing_only) const override {
    const DataflowModel& df = dataflow_model(s.dataflow);
    ArrayRunResult r;
    r.folds = fold_count(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    r.compute_cycles = compute_cycles(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    r.total_cycles = total_cycles(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    for (const FoldClass& fc : fold_classes(s.rows, s.cols, s.dataflow, job.M, job.K, job.N))
      r.events += df.fold_events(s, fc.fold).scaled(fc.count);
    r.utilization = double(r.events.pe_ops) / (double(s.rows) * s.cols * r.total_cycles);
    if (!timing_only) r.c = functional_gemm(pe_model(s.pe), s, job);
    return r;
  }

  std::vector<ScheduleStep> schedule(const ArraySpec& s, const GemmJob& job) const override {
    const DataflowModel& df = dataflow_model(s.dataflow);
    std::vector<ScheduleStep> steps;
    int64_t index = 0;
    for (const Fold& f : plan_folds(s.rows, s.cols, s.dataflow, job.M, job.K, job.N)) {
      const int64_t ops = df.fold_events(s, f).pe_ops;
      for (const PhaseSpan& p : df.fold_phases(s, f))
        if (p.cycles > 0) steps.push_back({index, p.phase, p.cycles, p.phase == FoldPhase::kStream ? ops : 0});
      ++index;
    }
    if (const int64_t drain = df.final_drain_cycles(s.rows); drain > 0)
      steps.push_back({-1, FoldPhase::kReadout, drain, 0});
    return steps;
  }
};

}  // namespace

void register_systolic_array(ArrayModelRegistry& r) {
  r.add("systolic", [] { return std::unique_ptr<ArrayModel>(new SystolicArray()); });
}

}  // namespace shiftadd
