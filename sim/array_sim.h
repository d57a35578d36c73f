#pragma once
// Session object for the SystemC array models. SystemC elaborates once per process, so one
// ArraySim (one TLM host and one array target) serves any number of run() calls with any specs:
// each run posts the job as a TLM-2.0 transaction and simulates until it completes. There is no
// process-wide instance: the command that needs SystemC creates the session and passes it down.
// No SystemC types in this header. Not thread-safe.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cost/array_result.h"
#include "cost/array_spec.h"

namespace shiftadd {

// What a session does to the process it runs in; both settings are process-wide, so they are
// the owner's explicit choice.
struct SessionOptions {
  std::string vcd_path;               // empty = no waveform
  bool keep_freed_memory = true;      // mallopt: keep job temporaries in the heap (no page-fault churn)
  bool silence_info_reports = true;   // SystemC SC_INFO reports off (they would pollute CLI output)
};

class ArraySim {
 public:
  // Throws InputError if SystemC has already been elaborated in this process (a second session).
  explicit ArraySim(const SessionOptions& opt = {});
  ~ArraySim();
  ArraySim(const ArraySim&) = delete;
  ArraySim& operator=(const ArraySim&) = delete;

  // Validates spec and job (InputError), runs the job and advances SystemC time by
  // total_cycles * clock period. timing_only skips the arithmetic (result.c stays empty) and
  // needs only job.M/K/N.
  ArrayRunResult run(const ArraySpec& spec, const GemmJob& job, bool timing_only = false);

  // Clock used to convert cycles into SystemC time (default 1000 MHz). The period is rounded to
  // SystemC's 1 ps time resolution.
  void set_clock_mhz(double mhz);
  int64_t clock_period_ps() const;
  int64_t now_ps() const;  // current SystemC time

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shiftadd
