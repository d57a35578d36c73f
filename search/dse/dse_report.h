#pragma once
// The files `shiftadd dse` leaves in --out: points.csv (every design evaluated), pareto.csv (one row
// per front member, with its SystemC re-simulation), pareto.dat/all.dat and pareto.gp for pareto.svg.
#include <string>
#include <vector>

#include "search/dse/dse_problem.h"
#include "search/journal.h"

namespace shiftadd::search {

struct DseFrontRow {
  std::string hw_path;         // best/<k>/hw.yaml, relative to --out
  Evaluated e;                 // as the exploration measured it (analytic backend)
  DesignResult analytic, sim;  // per-workload reports: analytic and the SystemC session
};

// Design columns of points.csv and pareto.csv (one per swept gene), in genome order.
std::vector<std::string> design_columns(const HwSpace& s);
std::vector<std::string> design_values(const HwSpace& s, const Genome& g);

void write_points_csv(const std::string& path, const HwSpace& s, const std::vector<Evaluated>& all);
void write_dse_pareto_csv(const std::string& path, const HwSpace& s, const std::vector<DseNetwork>& nets,
                          const std::vector<DseFrontRow>& rows);
// pareto.gp: energy against latency, coloured by area, the front over every valid design in grey.
void write_dse_plot(const std::string& dir, const std::vector<Evaluated>& all, const std::vector<DseFrontRow>& rows,
                    const std::string& title);

}  // namespace shiftadd::search
