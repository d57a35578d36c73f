// Hardware in the loop for CV subnets: the int8 path of `shiftadd eval --quant int8` (same BN
// recalibration, same calibration), with every integer GEMM of every test image posted to the SystemC
// array model of the sub-array the accelerator maps its PE kind to. The same batches also run through
// the reference int_gemm, and the logits are compared bit for bit.
#include <tbb/task_arena.h>

#include <cstring>

#include "apps/hil_arrays.h"
#include "models/data/fashion_mnist.h"
#include "models/quant/quant_subnet.h"

namespace shiftadd::cli {
namespace {

using search::HilResult;
using Mode = HilArrays::Mode;

// Images of a and b whose logit rows differ in any bit.
int64_t mismatched_rows(const nn::Tensor& a, const nn::Tensor& b) {
  const int64_t n = a.dim(0), C = a.dim(1);
  int64_t bad = 0;
  for (int64_t i = 0; i < n; ++i) bad += std::memcmp(a.data() + i * C, b.data() + i * C, sizeof(float) * size_t(C)) != 0;
  return bad;
}

class CvHil : public search::HilEvaluator {
 public:
  CvHil(const std::string& run_dir, const search::AccuracySpec& spec, int calib_batches, int64_t rtl_images,
        const Accelerator& acc, ArraySim& sim)
      : run_(nn::load_cv_run(run_dir)), spec_(spec), calib_batches_(calib_batches), rtl_images_(rtl_images),
        arrays_(acc, sim, nn::quant::QuantOptions{}.acc, rtl_images > 0) {}

  HilResult run(const Arch& arch) override {
    check_arch(run_.space, arch, "<arch>");
    nn::CvEvalOptions o;
    o.data_dir = spec_.data_dir;
    o.bn_recalib = spec_.bn_recalib_batches;
    o.test_limit = spec_.test_limit;
    nn::recalibrate_cv_subnet(run_, arch, o);
    nn::quant::QuantOptions q;
    q.runner = arrays_.runner();
    nn::quant::QuantizedSubnet net(*run_.net, arch, q);
    arrays_.mode = Mode::kReference;
    nn::quant::calibrate_quantized(net, o, calib_batches_);
    data::FashionMnistOptions fo;
    fo.dir = o.data_dir;
    fo.limit = o.test_limit;
    const data::ImageSet test = data::load_fashion_mnist(data::MnistSplit::kTest, fo);
    HilResult r;
    r.metric = "top1";
    arrays_.counts = {};
    int64_t ok_int8 = 0, ok_hil = 0;
    tbb::task_arena one(1);  // SystemC runs on this thread only: no TBB worker may post a GEMM
    std::vector<int64_t> idx, labels;
    for (int64_t b0 = 0; b0 < test.size(); b0 += o.batch_size) {
      idx.clear();
      for (int64_t i = b0; i < std::min(test.size(), b0 + o.batch_size); ++i) idx.push_back(i);
      const nn::Tensor x = nn::images_to_tensor(test, idx, labels);
      arrays_.mode = Mode::kReference;
      const nn::Tensor ref = net.forward(x, true);
      arrays_.mode = Mode::kSystemC;
      arrays_.items = int64_t(idx.size());
      nn::Tensor hil;
      one.execute([&] { hil = net.forward(x, true); });
      ok_int8 += nn::count_correct(ref, labels);
      ok_hil += nn::count_correct(hil, labels);
      r.mismatched_images += mismatched_rows(ref, hil);
    }
    if (rtl_images_ > 0) check_rtl(net, test, r, one);
    r.images = test.size();
    r.test_metric_int8 = double(ok_int8) / double(std::max<int64_t>(r.images, 1));
    r.test_metric_hil = double(ok_hil) / double(std::max<int64_t>(r.images, 1));
    r.bitexact = r.mismatched_images == 0;
    arrays_.report(r);
    return r;
  }

 private:
  // The first rtl_images_ test images once more on the SystemC arrays and then on the verilated RTL
  // arrays (no cycles or events counted): the logits must agree bit for bit.
  void check_rtl(nn::quant::QuantizedSubnet& net, const data::ImageSet& test, HilResult& r, tbb::task_arena& one) {
    std::vector<int64_t> idx, labels;
    for (int64_t i = 0; i < std::min(rtl_images_, test.size()); ++i) idx.push_back(i);
    const nn::Tensor x = nn::images_to_tensor(test, idx, labels);
    arrays_.items = int64_t(idx.size());
    const HilArrays::Counts saved = arrays_.counts;
    nn::Tensor sc, rtl;
    arrays_.mode = Mode::kSystemC;
    one.execute([&] { sc = net.forward(x, true); });
    arrays_.mode = Mode::kRtl;
    one.execute([&] { rtl = net.forward(x, true); });
    arrays_.counts = saved;
    r.rtl_images = int64_t(idx.size());
    r.rtl_mismatched_images = mismatched_rows(sc, rtl);
  }

  nn::CvRun run_;
  search::AccuracySpec spec_;
  int calib_batches_;
  int64_t rtl_images_;
  HilArrays arrays_;
};

}  // namespace

std::unique_ptr<search::HilEvaluator> make_cv_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                  int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                  ArraySim& sim) {
  return std::make_unique<CvHil>(run_dir, spec, calib_batches, rtl_images, acc, sim);
}

}  // namespace shiftadd::cli
