#include "core/plot.h"

#include <fmt/format.h>

#include "core/error.h"

namespace shiftadd {

std::string gp_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

std::string gnuplot_script(const PlotSpec& p) {
  if (p.xlabel.empty() || p.ylabel.empty() || p.title.empty() || p.series.empty() || p.svg.empty())
    throw InputError(fmt::format("plot '{}': a plot needs an output, a title, both axis labels and a series", p.svg));
  std::string s = fmt::format("# {}\n", p.comment.empty() ? "drawn by shiftadd" : p.comment);
  s += fmt::format("set terminal svg size {},{} dynamic noenhanced font 'sans,11' background rgb 'white'\n", p.width,
                   p.height);
  s += fmt::format("set output {}\nset title {}\nset xlabel {}\nset ylabel {}\n", gp_quote(p.svg), gp_quote(p.title),
                   gp_quote(p.xlabel), gp_quote(p.ylabel));
  if (p.logx || p.logy) s += fmt::format("set logscale {}{}\n", p.logx ? "x" : "", p.logy ? "y" : "");
  s += fmt::format("set grid\nset key {}\n", p.key);
  for (const std::string& line : p.settings) s += "set " + line + "\n";
  for (size_t i = 0; i < p.series.size(); ++i) {
    const PlotSeries& r = p.series[i];
    s += fmt::format("{}{} using {} with {} {}", i ? ", \\\n     " : "plot ", r.data.empty() ? "''" : gp_quote(r.data),
                     r.cols, r.style, r.title.empty() ? "notitle" : "title " + gp_quote(r.title));
  }
  return s + "\n";
}

}  // namespace shiftadd
