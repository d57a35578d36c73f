#pragma once
// The SystemC session of a test process. SystemC elaborates once per process and gtest may run
// many tests in one process, so the tests of a binary share one session, created on first use.
// (Library code has no such instance: commands own their session.)
#include "sim/array_sim.h"

namespace shiftadd::testutil {

inline ArraySim& sim_session() {
  static ArraySim session;
  return session;
}

}  // namespace shiftadd::testutil
