#pragma once
// TLM-2.0 loosely-timed target for PE arrays. b_transport runs the job on the array model named by
// spec.impl and annotates total_cycles * clock period. With tracing on it instead waits phase by
// phase so that the VCD shows fold index, phase, busy and cumulative PE operations.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <map>
#include <memory>
#include <string>

#include "cost/array/array_model.h"

namespace shiftadd {

class ArrayTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<ArrayTarget> socket;

  explicit ArrayTarget(sc_core::sc_module_name name);
  void set_period(const sc_core::sc_time& period) { period_ = period; }
  void trace(sc_core::sc_trace_file* tf);  // call before simulation starts

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  const ArrayModel& model(const std::string& impl);
  void play_schedule(const ArrayModel& m, const ArraySpec& s, const GemmJob& job, sc_core::sc_time& delay);

  sc_core::sc_time period_;
  bool tracing_ = false;
  std::map<std::string, std::unique_ptr<ArrayModel>> models_;  // created on first use per impl
  sc_core::sc_signal<int> fold_sig_, phase_sig_;
  sc_core::sc_signal<bool> busy_sig_;
  sc_core::sc_signal<sc_dt::int64> pe_ops_sig_;
};

}  // namespace shiftadd
