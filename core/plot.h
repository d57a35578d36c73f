#pragma once
// The one place plots are described: every figure shiftadd draws (a search's front, a DSE's front, a
// network's energy breakdown) is a PlotSpec turned into a gnuplot script here, so terminal, fonts,
// quoting, axis labels with units and legends are set the same way everywhere. The caller writes the
// data files and runs gnuplot (apps/run_dir.h).
#include <string>
#include <vector>

namespace shiftadd {

struct PlotSeries {
  std::string data;   // data file; "" = the previous series' file (gnuplot's '')
  std::string cols;   // gnuplot `using` columns, e.g. "2:1" or "3:xtic(1)"
  std::string style;  // e.g. "points pt 7 ps 0.3 lc rgb '#c8c8c8'"
  std::string title;  // legend entry; "" = notitle
};

struct PlotSpec {
  std::string comment;  // first line of the script: what it draws, from what
  std::string svg;      // output file
  int width = 900, height = 600;
  std::string title, xlabel, ylabel;  // labels carry their units, e.g. "energy per inference (uJ)"
  bool logx = false, logy = false;
  std::string key = "top right";       // gnuplot `set key` arguments
  std::vector<std::string> settings;  // further `set` lines (histogram style, palette, tics)
  std::vector<PlotSeries> series;
};

// gnuplot script drawing `spec` to spec.svg. Throws InputError when it lacks axis labels, a title or
// series: a figure without them is not one the user can read.
std::string gnuplot_script(const PlotSpec& spec);

// A gnuplot double-quoted string (for titles and labels in data files).
std::string gp_quote(const std::string& text);

}  // namespace shiftadd
