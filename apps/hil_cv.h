#pragma once
// The SystemC implementation of search/hil.h for CV subnets (apps/hil_cv.cpp).
#include <memory>
#include <string>

#include "cost/accel/accelerator.h"
#include "search/hil.h"
#include "search/search_config.h"
#include "sim/array_sim.h"

namespace shiftadd::cli {

// InputError when the accelerator cannot run the int8 formats bit-exactly (a PE kind without its own
// array, or accumulators other than the int8 path's), or, with rtl_images > 0, when no verilated
// variant matches one of its arrays.
std::unique_ptr<search::HilEvaluator> make_cv_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                  int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                  ArraySim& sim);

}  // namespace shiftadd::cli
