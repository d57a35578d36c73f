#include "cost/gemm_report.h"

#include <fmt/format.h>

namespace shiftadd {

std::string result_checksum(const std::vector<int64_t>& c) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int64_t v : c)
    for (int i = 0; i < 8; ++i) h = (h ^ ((uint64_t(v) >> (8 * i)) & 0xff)) * 0x100000001b3ULL;
  return fmt::format("{:016x}", h);
}

nlohmann::json gemm_stats_json(const GemmRunInfo& info, const ArraySpec& s, const GemmJob& job,
                               const ArrayRunResult& r, const EnergyBreakdown& e) {
  using nlohmann::json;
  json arr = {{"name", s.name}, {"impl", s.impl}, {"pe", to_string(s.pe)}, {"dataflow", to_string(s.dataflow)},
              {"rows", s.rows}, {"cols", s.cols}, {"a_bits", s.a_bits}, {"b_bits", s.b_bits()},
              {"acc_bits", s.acc_bits}, {"overflow", to_string(s.overflow)}};
  if (s.pe == PeKind::kShift) arr["shift_frac_bits"] = s.shift_frac_bits;
  const auto& ev = r.events;
  json events = {{"pe_ops", ev.pe_ops}, {"words_in_a", ev.words_in_a}, {"words_in_b", ev.words_in_b},
                 {"words_in_psum", ev.words_in_psum}, {"words_out", ev.words_out},
                 {"operand_reg_reads", ev.operand_reg_reads}, {"operand_reg_writes", ev.operand_reg_writes},
                 {"acc_updates", ev.acc_updates}, {"pe_transfers", ev.pe_transfers},
                 {"psum_transfers", ev.psum_transfers}};
  json energy = {{"tech", info.tech_file}, {"op_energy_pj", e.op_energy_pj},
                 {"register_energy_pj", e.register_energy_pj}, {"transfer_energy_pj", e.transfer_energy_pj},
                 {"edge_io_energy_pj", e.edge_io_energy_pj}, {"total_energy_pj", e.total_energy_pj()}};
  json out = {{"config", info.config_file},
              {"array", arr},
              {"gemm", {{"M", job.M}, {"K", job.K}, {"N", job.N}}},
              {"mode", info.timing_only ? "timing-only" : "functional"},
              {"clock_mhz", info.clock_mhz},
              {"cycles", {{"folds", r.folds}, {"compute_cycles", r.compute_cycles}, {"total_cycles", r.total_cycles}}},
              {"latency_ns", double(r.total_cycles) * 1e3 / info.clock_mhz},
              {"utilization", r.utilization},
              {"events", events},
              {"energy", energy}};
  if (!info.timing_only) out["c_checksum"] = result_checksum(r.c);
  return out;
}

std::string gemm_stats_text(const nlohmann::json& j) {
  const auto& a = j["array"];
  std::string t;
  t += fmt::format("array        {} ({}, {} PE, {}x{}, {}, a{} b{} acc{} {})\n", a["name"].get<std::string>(),
                   a["impl"].get<std::string>(), a["pe"].get<std::string>(), a["rows"].get<int>(), a["cols"].get<int>(),
                   a["dataflow"].get<std::string>(), a["a_bits"].get<int>(), a["b_bits"].get<int>(),
                   a["acc_bits"].get<int>(), a["overflow"].get<std::string>());
  t += fmt::format("gemm         M={} K={} N={} ({})\n", j["gemm"]["M"].get<int64_t>(), j["gemm"]["K"].get<int64_t>(),
                   j["gemm"]["N"].get<int64_t>(), j["mode"].get<std::string>());
  const auto& c = j["cycles"];
  t += fmt::format("cycles       compute {}  total {}  folds {}\n", c["compute_cycles"].get<int64_t>(),
                   c["total_cycles"].get<int64_t>(), c["folds"].get<int64_t>());
  t += fmt::format("latency_ns   {:.3f} at {} MHz\n", j["latency_ns"].get<double>(), j["clock_mhz"].get<double>());
  t += fmt::format("utilization  {:.4f}\n", j["utilization"].get<double>());
  t += "events\n";
  for (const char* k : {"pe_ops", "acc_updates", "operand_reg_reads", "operand_reg_writes", "pe_transfers",
                        "psum_transfers", "words_in_a", "words_in_b", "words_in_psum", "words_out"})
    t += fmt::format("  {:<20} {}\n", k, j["events"][k].get<int64_t>());
  const auto& e = j["energy"];
  t += fmt::format("energy       (tech {})\n", e["tech"].get<std::string>());
  for (const auto& [k, v] : e["op_energy_pj"].items()) t += fmt::format("  {:<20} {:.3f}\n", "op_energy_pj." + k, v.get<double>());
  for (const char* k : {"register_energy_pj", "transfer_energy_pj", "edge_io_energy_pj", "total_energy_pj"})
    t += fmt::format("  {:<20} {:.3f}\n", k, e[k].get<double>());
  if (j.contains("c_checksum")) t += fmt::format("c_checksum   {}\n", j["c_checksum"].get<std::string>());
  return t;
}

}  // namespace shiftadd
