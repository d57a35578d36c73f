#include "sim/tlm/array_target.h"

#include "sim/tlm/array_job.h"

namespace shiftadd {

ArrayTarget::ArrayTarget(sc_core::sc_module_name name)
    : sc_core::sc_module(name),
      socket("socket"),
      period_(1, sc_core::SC_NS),
      fold_sig_("fold", -1),
      phase_sig_("phase", int(FoldPhase::kIdle)),
      busy_sig_("busy", false),
      pe_ops_sig_("pe_ops", 0) {
  socket.register_b_transport(this, &ArrayTarget::b_transport);
}

void ArrayTarget::trace(sc_core::sc_trace_file* tf) {
  tracing_ = true;
  sc_core::sc_trace(tf, fold_sig_, "array.fold");
  sc_core::sc_trace(tf, phase_sig_, "array.phase");
  sc_core::sc_trace(tf, busy_sig_, "array.busy");
  sc_core::sc_trace(tf, pe_ops_sig_, "array.pe_ops");
}

const ArrayModel& ArrayTarget::model(const std::string& impl) {
  auto it = models_.find(impl);
  if (it == models_.end()) it = models_.emplace(impl, array_model_registry().make(impl)).first;
  return *it->second;
}

void ArrayTarget::b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
  ArrayJobExtension* ext = nullptr;
  payload.get_extension(ext);
  if (!ext) {
    payload.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  try {
    const ArrayModel& m = model(ext->spec->impl);
    *ext->result = m.run(*ext->spec, *ext->job, ext->timing_only);
    if (tracing_) play_schedule(m, *ext->spec, *ext->job, delay);
    else delay += ext->result->total_cycles * period_;  // loosely timed: annotate, the initiator syncs
    payload.set_response_status(tlm::TLM_OK_RESPONSE);
  } catch (...) {
    ext->error = std::current_exception();
    payload.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
  }
}

// Waits through the job phase by phase so the traced signals change at the right times.
void ArrayTarget::play_schedule(const ArrayModel& m, const ArraySpec& s, const GemmJob& job,
                                sc_core::sc_time& delay) {
  wait(delay);  // honour time already annotated by the initiator
  delay = sc_core::SC_ZERO_TIME;
  busy_sig_.write(true);
  sc_dt::int64 ops = pe_ops_sig_.read();
  for (const ScheduleStep& st : m.schedule(s, job)) {
    fold_sig_.write(int(st.fold));
    phase_sig_.write(int(st.phase));
    ops += st.pe_ops;
    wait(st.cycles * period_);
    pe_ops_sig_.write(ops);  // cumulative, updated when the phase's operations are done
  }
  busy_sig_.write(false);
  fold_sig_.write(-1);
  phase_sig_.write(int(FoldPhase::kIdle));
}

}  // namespace shiftadd
