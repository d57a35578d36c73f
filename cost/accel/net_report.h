#pragma once
// Fixed-name reports of a whole-network simulation: layers.csv (one row per layer position, one
// copy; `repeat` says how many copies run), summary.json (totals, energy by PE op kind and memory
// level, DRAM traffic, area) and energy_breakdown.{dat,gp}: the data and gnuplot script of a stacked
// bar chart of energy per layer row (the caller runs gnuplot to draw energy_breakdown.svg).
#include <string>

#include <nlohmann/json.hpp>

#include "cost/accel/accelerator.h"

namespace shiftadd {

std::string layers_csv(const Accelerator& acc, const NetReport& rep);
nlohmann::json summary_json(const Accelerator& acc, const NetReport& rep);
std::string energy_plot_data(const NetReport& rep);
std::string energy_plot_script(const NetReport& rep, const std::string& dir);
// Writes the four files into dir (created if missing); DataError naming the file on failure.
void write_net_reports(const Accelerator& acc, const NetReport& rep, const std::string& dir);

}  // namespace shiftadd
