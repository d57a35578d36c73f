// Hardware in the loop for CV subnets: the int8 path of `shiftadd eval --quant int8` (same BN
// recalibration, same calibration), with every integer GEMM of every test image posted to the SystemC
// array model of the sub-array the accelerator maps its PE kind to. The same batches also run through
// the reference int_gemm, and the logits are compared bit for bit.
#include "apps/hil_cv.h"

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include <cstring>
#include <map>
#include <tuple>

#include "core/error.h"
#include "cost/energy.h"
#include "models/data/fashion_mnist.h"
#include "models/quant/quant_subnet.h"
#include "rtl/rtl_array.h"

namespace shiftadd::cli {
namespace {

using search::HilResult;

class CvHil : public search::HilEvaluator {
 public:
  CvHil(const std::string& run_dir, const search::AccuracySpec& spec, int calib_batches, int64_t rtl_images,
        const Accelerator& acc, ArraySim& sim)
      : run_(nn::load_cv_run(run_dir)), spec_(spec), calib_batches_(calib_batches), rtl_images_(rtl_images), acc_(acc),
        sim_(sim),
        tech_(load_tech_table(acc.config().hw.tech_path)) {
    for (PeKind pe : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) {
      const ArraySpec& a = acc.config().hw.arrays.at(size_t(acc.array_for(workload::Engine{pe})));
      if (a.pe != pe)
        throw InputError(fmt::format("--hil: {} has no {} array ({} GEMMs would fall back to '{}', whose operand "
                                     "format differs from the int8 path)", acc.config().hw.file, to_string(pe),
                                     to_string(pe), a.name));
      if (a.acc_bits != qopt_.acc.acc_bits || (a.overflow == Overflow::kSaturate) != qopt_.acc.saturate ||
          (pe == PeKind::kShift && a.shift_frac_bits != qopt_.acc.shift_frac_bits))
        throw InputError(fmt::format("--hil: array '{}' of {} accumulates differently from the int8 path "
                                     "(acc_bits {}, {}; the int8 path uses {} bits, wrap, F = {})", a.name,
                                     acc.config().hw.file, a.acc_bits, to_string(a.overflow), qopt_.acc.acc_bits,
                                     qopt_.acc.shift_frac_bits));
      arrays_[pe] = a;
      costs_[pe] = array_event_costs(tech_, a);
      if (rtl_images_ > 0) rtl_[pe] = make_rtl_array(a);
    }
    sim_.set_clock_mhz(acc.config().hw.clock_mhz);
  }

  HilResult run(const Arch& arch) override {
    check_arch(run_.space, arch, "<arch>");
    nn::CvEvalOptions o;
    o.data_dir = spec_.data_dir;
    o.bn_recalib = spec_.bn_recalib_batches;
    o.test_limit = spec_.test_limit;
    nn::recalibrate_cv_subnet(run_, arch, o);
    nn::quant::QuantOptions q = qopt_;
    q.runner = [this](PeKind pe, const workload::AccSpec& a, const workload::IntGemmJob& job) { return gemm(pe, a, job); };
    nn::quant::QuantizedSubnet net(*run_.net, arch, q);
    mode_ = Mode::kReference;
    nn::quant::calibrate_quantized(net, o, calib_batches_);
    data::FashionMnistOptions fo;
    fo.dir = o.data_dir;
    fo.limit = o.test_limit;
    const data::ImageSet test = data::load_fashion_mnist(data::MnistSplit::kTest, fo);
    HilResult r;
    r.metric = "top1";
    events_.clear();
    gemms_ = cycles_ = 0;
    int64_t ok_int8 = 0, ok_hil = 0;
    tbb::task_arena one(1);  // SystemC runs on this thread only: no TBB worker may post a GEMM
    std::vector<int64_t> idx, labels;
    for (int64_t b0 = 0; b0 < test.size(); b0 += o.batch_size) {
      idx.clear();
      for (int64_t i = b0; i < std::min(test.size(), b0 + o.batch_size); ++i) idx.push_back(i);
      const nn::Tensor x = nn::images_to_tensor(test, idx, labels);
      mode_ = Mode::kReference;
      const nn::Tensor ref = net.forward(x, true);
      mode_ = Mode::kSystemC;
      batch_images_ = int64_t(idx.size());
      nn::Tensor hil;
      one.execute([&] { hil = net.forward(x, true); });
      ok_int8 += nn::count_correct(ref, labels);
      ok_hil += nn::count_correct(hil, labels);
      const int64_t C = ref.dim(1);
      for (size_t i = 0; i < idx.size(); ++i)
        r.mismatched_images += std::memcmp(ref.data() + int64_t(i) * C, hil.data() + int64_t(i) * C, sizeof(float) * size_t(C)) != 0;
    }
    if (rtl_images_ > 0) check_rtl(net, test, r, one);
    r.images = test.size();
    r.test_metric_int8 = double(ok_int8) / double(std::max<int64_t>(r.images, 1));
    r.test_metric_hil = double(ok_hil) / double(std::max<int64_t>(r.images, 1));
    r.bitexact = r.mismatched_images == 0;
    r.gemms = gemms_;
    r.array_cycles = cycles_;
    for (const auto& [pe, ev] : events_) r.array_energy_uj += array_energy(costs_.at(pe), ev).total_energy_pj() * 1e-6;
    return r;
  }

 private:
  enum class Mode { kReference, kSystemC, kRtl };

  // The first rtl_images_ test images once more on the SystemC arrays and then on the verilated RTL
  // arrays (no cycles or events counted): the logits must agree bit for bit.
  void check_rtl(nn::quant::QuantizedSubnet& net, const data::ImageSet& test, HilResult& r, tbb::task_arena& one) {
    std::vector<int64_t> idx, labels;
    for (int64_t i = 0; i < std::min(rtl_images_, test.size()); ++i) idx.push_back(i);
    const nn::Tensor x = nn::images_to_tensor(test, idx, labels);
    batch_images_ = int64_t(idx.size());
    const auto saved = std::make_tuple(gemms_, cycles_, events_);
    nn::Tensor sc, rtl;
    mode_ = Mode::kSystemC;
    one.execute([&] { sc = net.forward(x, true); });
    mode_ = Mode::kRtl;
    one.execute([&] { rtl = net.forward(x, true); });
    std::tie(gemms_, cycles_, events_) = saved;
    const int64_t C = sc.dim(1);
    r.rtl_images = int64_t(idx.size());
    for (size_t i = 0; i < idx.size(); ++i)
      r.rtl_mismatched_images += std::memcmp(sc.data() + int64_t(i) * C, rtl.data() + int64_t(i) * C, sizeof(float) * size_t(C)) != 0;
  }

  // One job per image where the rows split evenly by image (convs and linears: image-major rows),
  // so cycles and events are those of single-image inference.
  std::vector<int64_t> gemm(PeKind pe, const workload::AccSpec& a, const workload::IntGemmJob& job) {
    if (mode_ == Mode::kReference) return nn::quant::parallel_int_gemm(pe, a, job);
    const int64_t parts = batch_images_ > 1 && job.M % batch_images_ == 0 ? batch_images_ : 1;
    const int64_t rows = job.M / parts;
    std::vector<int64_t> out;
    out.reserve(size_t(job.M * job.N));
    for (int64_t p = 0; p < parts; ++p) {
      GemmJob g{rows, job.K, job.N,
                std::vector<int64_t>(job.A.begin() + p * rows * job.K, job.A.begin() + (p + 1) * rows * job.K), job.B};
      if (mode_ == Mode::kRtl) {
        const ArraySpec& spec = arrays_.at(pe);
        const RtlRun res = rtl_.at(pe)->run(g, spec.dataflow, spec.overflow);
        out.insert(out.end(), res.c.begin(), res.c.end());
        continue;
      }
      const ArrayRunResult res = sim_.run(arrays_.at(pe), g);
      out.insert(out.end(), res.c.begin(), res.c.end());
      cycles_ += res.total_cycles;
      events_[pe] += res.events;
      ++gemms_;
    }
    return out;
  }

  nn::CvRun run_;
  search::AccuracySpec spec_;
  int calib_batches_;
  int64_t rtl_images_;
  const Accelerator& acc_;
  ArraySim& sim_;
  TechTable tech_;
  nn::quant::QuantOptions qopt_;
  std::map<PeKind, ArraySpec> arrays_;
  std::map<PeKind, ArrayEventCosts> costs_;
  std::map<PeKind, ArrayEvents> events_;
  std::map<PeKind, std::unique_ptr<RtlArray>> rtl_;
  Mode mode_ = Mode::kReference;
  int64_t batch_images_ = 1, gemms_ = 0, cycles_ = 0;
};

}  // namespace

std::unique_ptr<search::HilEvaluator> make_cv_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                  int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                  ArraySim& sim) {
  return std::make_unique<CvHil>(run_dir, spec, calib_batches, rtl_images, acc, sim);
}

}  // namespace shiftadd::cli
