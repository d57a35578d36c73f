#include "apps/hil_arrays.h"

#include <fmt/format.h>

#include "core/error.h"
#include "models/supernet/task.h"

namespace shiftadd::cli {

HilArrays::HilArrays(const Accelerator& acc, ArraySim& sim, const workload::AccSpec& int8, bool rtl)
    : sim_(sim), tech_(load_tech_table(acc.config().hw.tech_path)) {
  for (PeKind pe : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) {
    const ArraySpec& a = acc.config().hw.arrays.at(size_t(acc.array_for(workload::Engine{pe})));
    if (a.pe != pe)
      throw InputError(fmt::format("--hil: {} has no {} array ({} GEMMs would fall back to '{}', whose operand "
                                   "format differs from the int8 path)", acc.config().hw.file, to_string(pe),
                                   to_string(pe), a.name));
    if (a.acc_bits != int8.acc_bits || (a.overflow == Overflow::kSaturate) != int8.saturate ||
        (pe == PeKind::kShift && a.shift_frac_bits != int8.shift_frac_bits))
      throw InputError(fmt::format("--hil: array '{}' of {} accumulates differently from the int8 path "
                                   "(acc_bits {}, {}; the int8 path uses {} bits, wrap, F = {})", a.name,
                                   acc.config().hw.file, a.acc_bits, to_string(a.overflow), int8.acc_bits,
                                   int8.shift_frac_bits));
    arrays_[pe] = a;
    costs_[pe] = array_event_costs(tech_, a);
    if (rtl) rtl_[pe] = make_rtl_array(a);
  }
  sim_.set_clock_mhz(acc.config().hw.clock_mhz);
}

nn::quant::GemmRunner HilArrays::runner() {
  return [this](PeKind pe, const workload::AccSpec& a, const workload::IntGemmJob& job) { return gemm(pe, a, job); };
}

std::vector<int64_t> HilArrays::gemm(PeKind pe, const workload::AccSpec& a, const workload::IntGemmJob& job) {
  if (mode == Mode::kReference) return nn::quant::parallel_int_gemm(pe, a, job);
  const int64_t parts = items > 1 && job.M % items == 0 ? items : 1;
  const int64_t rows = job.M / parts;
  std::vector<int64_t> out;
  out.reserve(size_t(job.M * job.N));
  for (int64_t p = 0; p < parts; ++p) {
    GemmJob g{rows, job.K, job.N,
              std::vector<int64_t>(job.A.begin() + p * rows * job.K, job.A.begin() + (p + 1) * rows * job.K), job.B};
    if (mode == Mode::kRtl) {
      const ArraySpec& spec = arrays_.at(pe);
      const RtlRun res = rtl_.at(pe)->run(g, spec.dataflow, spec.overflow);
      out.insert(out.end(), res.c.begin(), res.c.end());
      continue;
    }
    const ArrayRunResult res = sim_.run(arrays_.at(pe), g);
    out.insert(out.end(), res.c.begin(), res.c.end());
    counts.cycles += res.total_cycles;
    counts.events[pe] += res.events;
    ++counts.gemms;
  }
  return out;
}

void HilArrays::report(search::HilResult& r) const {
  r.gemms = counts.gemms;
  r.array_cycles = counts.cycles;
  r.array_energy_uj = 0;
  for (const auto& [pe, ev] : counts.events) r.array_energy_uj += array_energy(costs_.at(pe), ev).total_energy_pj() * 1e-6;
}

std::unique_ptr<search::HilEvaluator> make_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                               int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                               ArraySim& sim) {
  if (nn::space_task(run_dir) == Task::kNlp) return make_nlp_hil(run_dir, spec, calib_batches, rtl_images, acc, sim);
  return make_cv_hil(run_dir, spec, calib_batches, rtl_images, acc, sim);
}

}  // namespace shiftadd::cli
