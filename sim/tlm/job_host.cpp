#include "sim/tlm/job_host.h"

namespace shiftadd {

JobHost::JobHost(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") {
  SC_THREAD(loop);
  // The array model runs on this thread's coroutine stack (Eigen keeps GEMM blocks on the stack).
  set_stack_size(size_t(16) << 20);
}

void JobHost::post(tlm::tlm_generic_payload* payload) {
  pending_ = payload;
  done_ = false;
  start_.notify(sc_core::SC_ZERO_TIME);
}

void JobHost::loop() {
  for (;;) {
    wait(start_);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(*pending_, delay);
    wait(delay);  // loosely timed: synchronise with the time the target annotated
    pending_ = nullptr;
    done_ = true;
  }
}

}  // namespace shiftadd
