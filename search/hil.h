#pragma once
// Hardware in the loop: a reported subnet quantized with the int8 path and run image by image with
// every integer GEMM on the simulated PE array of its kind. Defined here, implemented on the
// SystemC side (apps/hil_arrays.h: hil_cv.cpp, hil_nlp.cpp), so search/ never includes SystemC.
#include <cstdint>
#include <string>

#include "workload/space/space.h"

namespace shiftadd::search {

struct HilResult {
  std::string metric;            // "top1"
  double test_metric_hil = 0;    // from the simulated logits
  double test_metric_int8 = 0;   // `shiftadd eval --quant int8` on the same images
  bool bitexact = false;         // every logit of every image identical to the int8 path's
  int64_t images = 0, gemms = 0, mismatched_images = 0;
  int64_t array_cycles = 0;      // summed over the simulated GEMMs of all images
  double array_energy_uj = 0;    // array events of those GEMMs, priced by the hw's tech table
  int64_t rtl_images = 0;        // the first images also run on the verilated RTL arrays (0: not asked)
  int64_t rtl_mismatched_images = 0;  // of those, images whose logits differ from the SystemC run's
};

class HilEvaluator {
 public:
  virtual ~HilEvaluator() = default;
  virtual HilResult run(const Arch& arch) = 0;
};

}  // namespace shiftadd::search
