#pragma once
// A small design space over the hybrid accelerator for the DSE tests (72 designs).
#include <string>

namespace shiftadd::search::test {

inline std::string small_dse_yaml(const std::string& strategy = "{impl: grid, population: 16}",
                                  const std::string& weight_kb = "[1, 16, 64]", const std::string& extra = "") {
  return "hardware:\n"
         "  base: configs/hw/hybrid.yaml\n"
         "  name: dse_test\n"
         "  arrays:\n"
         "    - {pe: mult, present: [true], rows: {min: 8, max: 32, factor: 2}, cols: [16, 32], dataflow: [ws, os]}\n"
         "    - {pe: shift, present: [false, true], rows: [16], cols: [16], dataflow: [ws]}\n"
         "    - {pe: add, present: [false], rows: [16], cols: [16], dataflow: [ws]}\n"
         "  a_bits: [8]\n  w_bits: [8]\n  acc_bits: [32]\n  clock_mhz: [250]\n"
         "  buffers:\n"
         "    ifmap: {size_kb: [128], banks: [8], bandwidth_words_per_cycle: [48]}\n"
         "    weight: {size_kb: " + weight_kb + ", banks: [4], bandwidth_words_per_cycle: [48]}\n"
         "    ofmap: {size_kb: [64], banks: [4], bandwidth_words_per_cycle: [96]}\n"
         "  dram_bandwidth_gb_s: [8]\n  vector_lanes: [16]\n" + extra +
         "workloads:\n  - {trace: traces/shiftaddnas_t0.yaml, weight: 1}\n  - {trace: traces/deit_t.yaml, weight: 0.5}\n"
         "seed: 3\nstrategy: " + strategy + "\n"
         "objectives: [energy_uj, latency_ms, area_mm2]\n"
         "constraints: {max_area_mm2: 10, max_tries: 200}\n"
         "executor: {impl: serial}\n"
         "report: {reference: {energy_uj: 100000, latency_ms: 1000, area_mm2: 10}}\n";
}

}  // namespace shiftadd::search::test
