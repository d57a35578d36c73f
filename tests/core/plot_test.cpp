#include "core/plot.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace shiftadd {
namespace {

PlotSpec spec() {
  PlotSpec p;
  p.svg = "out/a.svg", p.title = "a \"quoted\" title", p.xlabel = "latency (ms)", p.ylabel = "energy (uJ)";
  p.series = {{"out/a.dat", "2:1", "points pt 7", "front"}, {"", "2:1:3", "labels", ""}};
  return p;
}

TEST(Plot, ScriptHasAxesUnitsLegendAndQuoting) {
  const std::string s = gnuplot_script(spec());
  EXPECT_NE(s.find("set output \"out/a.svg\"\n"), std::string::npos);
  EXPECT_NE(s.find("set title \"a \\\"quoted\\\" title\"\n"), std::string::npos);
  EXPECT_NE(s.find("set xlabel \"latency (ms)\"\nset ylabel \"energy (uJ)\"\n"), std::string::npos);
  EXPECT_NE(s.find("plot \"out/a.dat\" using 2:1 with points pt 7 title \"front\", \\\n     '' using 2:1:3 with labels notitle\n"),
            std::string::npos);
  EXPECT_EQ(s.find("logscale"), std::string::npos);
}

TEST(Plot, RefusesAFigureWithoutLabels) {
  PlotSpec p = spec();
  p.ylabel.clear();
  EXPECT_THROW(gnuplot_script(p), InputError);
  p = spec();
  p.series.clear();
  EXPECT_THROW(gnuplot_script(p), InputError);
}

}  // namespace
}  // namespace shiftadd
