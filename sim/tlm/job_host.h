#pragma once
// TLM-2.0 initiator that posts one array job per request. The C++ caller (ArraySim) hands it a
// payload, notifies it and runs the kernel until the transaction has completed.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace shiftadd {

class JobHost : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(JobHost);
  tlm_utils::simple_initiator_socket<JobHost> socket;

  explicit JobHost(sc_core::sc_module_name name);
  // Queues a transaction; it starts in the next delta cycle of the next sc_start().
  void post(tlm::tlm_generic_payload* payload);
  bool done() const { return done_; }

 private:
  void loop();

  tlm::tlm_generic_payload* pending_ = nullptr;
  bool done_ = true;
  sc_core::sc_event start_;
};

}  // namespace shiftadd
