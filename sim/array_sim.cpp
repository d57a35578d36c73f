#include "sim/array_sim.h"

#include <fmt/format.h>

#include <malloc.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <systemc>

#include "core/error.h"
#include "cost/array/array_model.h"
#include "sim/tlm/array_job.h"
#include "sim/tlm/array_target.h"
#include "sim/tlm/job_host.h"

namespace shiftadd {

struct ArraySim::Impl {
  std::unique_ptr<JobHost> host;
  std::unique_ptr<ArrayTarget> target;
  sc_core::sc_trace_file* vcd = nullptr;
  sc_core::sc_time period{1, sc_core::SC_NS};
};

namespace {
int64_t to_ps(const sc_core::sc_time& t) { return int64_t(std::llround(t / sc_core::sc_time(1, sc_core::SC_PS))); }
}  // namespace

ArraySim::ArraySim(const SessionOptions& opt) : impl_(new Impl) {
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)
    throw InputError("SystemC is already elaborated in this process: one ArraySim session per process");
  // Jobs allocate a few hundred KB of temporaries each; by default glibc unmaps/trims them on free
  // and every run page-faults them in again, which costs as much as the arithmetic.
  if (opt.keep_freed_memory) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
  }
  // e.g. "tracing timescale unit set"
  if (opt.silence_info_reports) sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  std::string vcd_base = opt.vcd_path;  // SystemC appends ".vcd" itself
  if (vcd_base.size() > 4 && vcd_base.compare(vcd_base.size() - 4, 4, ".vcd") == 0) vcd_base.resize(vcd_base.size() - 4);
  // Checked before SystemC opens it: SystemC reports an unopenable trace file from inside the
  // kernel, after the modules exist, and unwinding from there used to end in a double free.
  if (!opt.vcd_path.empty() && !std::ofstream(vcd_base + ".vcd"))
    throw DataError(vcd_base + ".vcd", fmt::format("cannot open the VCD file for writing: {}", std::strerror(errno)));
  impl_->host.reset(new JobHost("shiftadd_host"));
  impl_->target.reset(new ArrayTarget("shiftadd_array"));
  try {
    impl_->host->socket.bind(impl_->target->socket);
    if (!opt.vcd_path.empty()) {
      impl_->vcd = sc_core::sc_create_vcd_trace_file(vcd_base.c_str());
      impl_->vcd->set_time_unit(1, sc_core::SC_PS);
      impl_->target->trace(impl_->vcd);
    }
    sc_core::sc_start(sc_core::SC_ZERO_TIME);  // end elaboration: the host thread waits for jobs
  } catch (...) {
    // Registered modules must outlive the kernel (as in the destructor): never delete them here.
    impl_->host.release();
    impl_->target.release();
    throw;
  }
}

ArraySim::~ArraySim() {
  if (impl_->vcd) {
    // The VCD writer emits a time step's values when the next one starts: step 1 ps past the end.
    sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_PS));
    sc_core::sc_close_vcd_trace_file(impl_->vcd);
  }
  // The modules stay alive: SystemC does not support removing modules once simulation has run.
  impl_->host.release();
  impl_->target.release();
}

void ArraySim::set_clock_mhz(double mhz) {
  if (!(mhz > 0 && mhz <= 1e6)) throw InputError(fmt::format("clock {} MHz: expected a value in (0, 1e6]", mhz));
  impl_->period = sc_core::sc_time(1e3 / mhz, sc_core::SC_NS);
  impl_->target->set_period(impl_->period);
}

int64_t ArraySim::clock_period_ps() const { return to_ps(impl_->period); }
int64_t ArraySim::now_ps() const { return to_ps(sc_core::sc_time_stamp()); }

ArrayRunResult ArraySim::run(const ArraySpec& spec, const GemmJob& job, bool timing_only) {
  validate_array_spec(spec);
  if (!array_model_registry().contains(spec.impl)) {
    std::string known;
    for (const auto& n : array_model_registry().names()) known += (known.empty() ? "" : ", ") + n;
    throw InputError(fmt::format("array '{}': unknown impl '{}'; known: [{}]", spec.name, spec.impl, known));
  }
  if (timing_only) {
    if (job.M < 1 || job.K < 1 || job.N < 1)
      throw InputError(fmt::format("GEMM shape {}x{}x{}: every dimension must be >= 1", job.M, job.K, job.N));
  } else {
    validate_job(spec, job);
  }
  ArrayRunResult result;
  ArrayJobExtension ext;
  ext.spec = &spec;
  ext.job = &job;
  ext.timing_only = timing_only;
  ext.result = &result;
  tlm::tlm_generic_payload payload;
  payload.set_command(tlm::TLM_WRITE_COMMAND);
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  payload.set_extension(&ext);
  const sc_core::sc_time start = sc_core::sc_time_stamp();
  impl_->host->post(&payload);
  sc_core::sc_start();  // runs until the host is idle again (no further events)
  payload.clear_extension(&ext);
  if (ext.error) std::rethrow_exception(ext.error);
  if (!impl_->host->done() || payload.get_response_status() != tlm::TLM_OK_RESPONSE)
    throw Error(fmt::format("array transaction did not complete: {}", payload.get_response_string()));
  result.sim_time_ps = to_ps(sc_core::sc_time_stamp() - start);
  return result;
}

}  // namespace shiftadd
