// VCD tracing needs its own ArraySim (trace files are set up before elaboration), so it runs in a
// fresh child process (gtest "threadsafe" death-test style re-executes this binary).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/rng.h"
#include "sim/array_sim.h"
#include "cost/fold_plan.h"
#include "cost/random_job.h"
#include "cost/reference_gemm.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

// Child body: exit code 0 only if the traced run is still exact and takes the same time.
void traced_run(const std::string& path) {
  bool ok = false;
  {  // the session must end (closing the VCD) before exit()
    ArraySim sim(SessionOptions{path});
    sim.set_clock_mhz(500);
    const ArraySpec s = testutil::spec(PeKind::kMult, Dataflow::kOS, 3, 2, 32, Overflow::kWrap);
    Rng rng(4);
    const GemmJob job = random_gemm_job(s, 7, 5, 3, rng);
    const ArrayRunResult r = sim.run(s, job);
    ok = r.c == reference_gemm(s, job) && r.sim_time_ps == r.total_cycles * 2000 &&
         r.total_cycles == total_cycles(3, 2, Dataflow::kOS, 7, 5, 3);
  }
  std::exit(ok ? 0 : 1);
}

TEST(VcdDeathTest, TracesFoldPhaseBusyAndPeOps) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string path = std::string(::testing::TempDir()) + "/shiftadd_sim_trace.vcd";
  std::remove(path.c_str());
  EXPECT_EXIT(traced_run(path), ::testing::ExitedWithCode(0), "");
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string vcd = ss.str();
  EXPECT_NE(vcd.find("$scope module array $end"), std::string::npos);
  for (const char* sig : {" fold ", " phase ", " busy ", " pe_ops "})
    EXPECT_NE(vcd.find(sig), std::string::npos) << sig;
  // OS 3x2, 7x5x3: ceil(7/3) * ceil(3/2) = 6 folds of 3+2+5-2 = 8 cycles, plus a 3-cycle drain
  // = 51 cycles = 102000 ps at 500 MHz; the last change (busy falls) is at that time.
  const size_t end = vcd.find("#102000");
  ASSERT_NE(end, std::string::npos);
  EXPECT_NE(vcd.find("\nb0 ", end), std::string::npos) << "phase should return to idle (0) at the end";
}

}  // namespace
}  // namespace shiftadd
