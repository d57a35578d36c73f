// Printing and JSON export of a cross-check report.
#include <fmt/format.h>

#include <bitset>
#include <ostream>

#include "rtl/crosscheck.h"

namespace shiftadd {

void print_crosscheck_summary(std::ostream& os, const CrosscheckReport& r) {
  os << fmt::format("{:<10} {:<5} {:<3} {:<8} {:>6} {:>8} {:>9} {:>7} {:>7} {:>10} {:>9} {:>8} {:>8} {:>6} {:>6}\n",
                    "array", "pe", "df", "overflow", "jobs", "words", "cycles", "ovf'd", "degen", "ragged",
                    "rtl_words", "sc_words", "cyc_mis", "errors", "failed");
  CrosscheckGroup t;
  for (const auto& g : r.groups) {
    os << fmt::format("{:<10} {:<5} {:<3} {:<8} {:>6} {:>8} {:>9} {:>7} {:>7} {:>10} {:>9} {:>8} {:>8} {:>6} {:>6}\n",
                      g.array, to_string(g.kind), to_string(g.dataflow), to_string(g.overflow), g.jobs, g.words,
                      g.cycles, g.overflowed_jobs, g.degenerate_jobs, g.ragged_jobs, g.rtl_word_mismatches,
                      g.systemc_word_mismatches, g.cycle_mismatches, g.errors, g.failed_jobs);
    t.jobs += g.jobs, t.words += g.words, t.cycles += g.cycles, t.overflowed_jobs += g.overflowed_jobs;
    t.degenerate_jobs += g.degenerate_jobs, t.ragged_jobs += g.ragged_jobs;
    t.rtl_word_mismatches += g.rtl_word_mismatches, t.systemc_word_mismatches += g.systemc_word_mismatches;
    t.cycle_mismatches += g.cycle_mismatches, t.errors += g.errors, t.failed_jobs += g.failed_jobs;
  }
  os << fmt::format("{:<10} {:<5} {:<3} {:<8} {:>6} {:>8} {:>9} {:>7} {:>7} {:>10} {:>9} {:>8} {:>8} {:>6} {:>6}\n",
                    "TOTAL", "", "", "", t.jobs, t.words, t.cycles, t.overflowed_jobs, t.degenerate_jobs,
                    t.ragged_jobs, t.rtl_word_mismatches, t.systemc_word_mismatches, t.cycle_mismatches, t.errors,
                    t.failed_jobs);
  bool any_shift = false;
  for (const auto& g : r.groups) any_shift |= g.kind == PeKind::kShift;
  if (any_shift) os << fmt::format("shift weight codes exercised: {}/64\n", std::bitset<64>(r.shift_codes_seen).count());
  os << fmt::format("{} jobs, {} output words: {} mismatching jobs, {} mismatches -> {}\n", r.jobs, r.words,
                    r.failed_jobs, r.mismatch_count, r.ok() ? "PASS" : "FAIL");
}

nlohmann::json crosscheck_json(const CrosscheckReport& r) {
  nlohmann::json j;
  j["jobs"] = r.jobs;
  j["words"] = r.words;
  j["failed_jobs"] = r.failed_jobs;
  j["mismatch_count"] = r.mismatch_count;
  j["shift_codes_seen"] = std::bitset<64>(r.shift_codes_seen).count();
  j["pass"] = r.ok();
  for (const auto& g : r.groups)
    j["groups"].push_back({{"array", g.array}, {"pe", to_string(g.kind)}, {"dataflow", to_string(g.dataflow)},
                           {"overflow", to_string(g.overflow)}, {"jobs", g.jobs}, {"words", g.words},
                           {"cycles", g.cycles}, {"overflowed_jobs", g.overflowed_jobs},
                           {"degenerate_jobs", g.degenerate_jobs}, {"ragged_jobs", g.ragged_jobs},
                           {"rtl_word_mismatches", g.rtl_word_mismatches},
                           {"systemc_word_mismatches", g.systemc_word_mismatches},
                           {"cycle_mismatches", g.cycle_mismatches}, {"errors", g.errors},
                           {"failed_jobs", g.failed_jobs}});
  j["mismatches"] = nlohmann::json::array();
  for (const auto& x : r.mismatches)
    j["mismatches"].push_back({{"job", x.job}, {"array", x.array}, {"pe", to_string(x.kind)},
                               {"dataflow", to_string(x.dataflow)}, {"overflow", to_string(x.overflow)},
                               {"M", x.M}, {"K", x.K}, {"N", x.N}, {"model", x.model}, {"what", x.what},
                               {"m", x.m}, {"n", x.n}, {"expected", x.expected}, {"got", x.got},
                               {"expected_cycles", x.expected_cycles}, {"rtl_cycles", x.rtl_cycles},
                               {"systemc_cycles", x.systemc_cycles}, {"message", x.message}});
  return j;
}

}  // namespace shiftadd
