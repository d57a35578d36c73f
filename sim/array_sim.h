#pragma once
// Session object for the SystemC array models. SystemC elaborates once per process, so one
// ArraySim (one TLM host and one array target) serves any number of run() calls with any specs:
// each run posts the job as a TLM-2.0 transaction and simulates until it completes.
// No SystemC types in this header. Not thread-safe.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/array_result.h"
#include "sim/array_spec.h"

namespace shiftadd {

class ArraySim {
 public:
  // vcd_path empty = no waveform. Throws InputError if SystemC has already been elaborated in this
  // process (a second ArraySim, or one after instance()).
  explicit ArraySim(const std::string& vcd_path = "");
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

  static ArraySim& instance();  // lazily created process-wide session without VCD

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shiftadd
