#pragma once
// Hardware in the loop (search/hil.h), the SystemC side. HilArrays is the int8 path's GEMM runner on an
// accelerator's mult, shift and add arrays: in kSystemC mode every integer GEMM is posted to the SystemC
// array model of its PE kind (cycles and array events counted), in kRtl mode to the verilated RTL array,
// in kReference mode to the reference int_gemm. hil_cv.cpp and hil_nlp.cpp run a subnet's test set through
// it twice (reference, then SystemC) and compare the logits bit for bit.
#include <map>
#include <memory>
#include <string>

#include "cost/accel/accelerator.h"
#include "cost/energy.h"
#include "models/quant/quantized_layer.h"
#include "rtl/rtl_array.h"
#include "search/hil.h"
#include "search/search_config.h"
#include "sim/array_sim.h"

namespace shiftadd::cli {

class HilArrays {
 public:
  enum class Mode { kReference, kSystemC, kRtl };
  // InputError when the accelerator cannot run the int8 formats bit-exactly (a PE kind without its own
  // array, or accumulators other than the int8 path's `int8`), or, with rtl, when no verilated variant
  // matches one of its arrays.
  HilArrays(const Accelerator& acc, ArraySim& sim, const workload::AccSpec& int8, bool rtl);
  // The runner to put in QuantOptions; it follows mode.
  nn::quant::GemmRunner runner();

  Mode mode = Mode::kReference;
  // A job whose rows split evenly into `items` parts is run as that many jobs (one per image or phrase),
  // so cycles and events are those of single-item inference.
  int64_t items = 1;

  struct Counts {
    int64_t gemms = 0, cycles = 0;
    std::map<PeKind, ArrayEvents> events;
  };
  Counts counts;  // kSystemC jobs since the last reset
  // Adds counts to r: gemms, array cycles and the array energy priced by the accelerator's tech table.
  void report(search::HilResult& r) const;

 private:
  std::vector<int64_t> gemm(PeKind pe, const workload::AccSpec& a, const workload::IntGemmJob& job);

  ArraySim& sim_;
  TechTable tech_;
  std::map<PeKind, ArraySpec> arrays_;
  std::map<PeKind, ArrayEventCosts> costs_;
  std::map<PeKind, std::unique_ptr<RtlArray>> rtl_;
};

// The evaluator for the run's task (CV: top-1 over test images; NLP: BLEU of greedy decoding over test
// phrases). spec: data_dir (CV images or the dictd directory for NLP, empty = the run's), test_limit,
// bn_recalib_batches (CV). rtl_images: the first N test images or phrases also run on the RTL arrays.
std::unique_ptr<search::HilEvaluator> make_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                               int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                               ArraySim& sim);
std::unique_ptr<search::HilEvaluator> make_cv_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                  int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                  ArraySim& sim);
std::unique_ptr<search::HilEvaluator> make_nlp_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                   int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                   ArraySim& sim);

}  // namespace shiftadd::cli
