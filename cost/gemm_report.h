#pragma once
// Stats of one GEMM run on one array, as JSON (what `shiftadd sim --json` writes) and as text (what
// it prints). Counts and energy are separate sections.
#include <nlohmann/json.hpp>

#include <string>

#include "cost/array_result.h"
#include "cost/array_spec.h"
#include "cost/energy.h"

namespace shiftadd {

struct GemmRunInfo {
  std::string config_file, tech_file;
  double clock_mhz = 0;
  bool timing_only = false;
};

nlohmann::json gemm_stats_json(const GemmRunInfo& info, const ArraySpec& s, const GemmJob& job,
                               const ArrayRunResult& r, const EnergyBreakdown& e);
std::string gemm_stats_text(const nlohmann::json& stats);
// FNV-1a over the little-endian int64 words of C: a compact fingerprint for golden files.
std::string result_checksum(const std::vector<int64_t>& c);

}  // namespace shiftadd
