// The lookup table in the loop. `lut: <file>` must match the hw and space files (digest); `lut: auto`
// uses <lut_cache>/<space>_<hw>_<digest>.json, building it when absent.
#include <fmt/format.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/digest.h"
#include "core/error.h"
#include "cost/accel/lut.h"
#include "search/cost/cost_evaluator.h"

namespace shiftadd::search {
namespace {
namespace fs = std::filesystem;

Lut resolve_lut(const CostSpec& s, const CostContext& c) {
  Lut want = lut_header(c.acc, c.space, c.hw_path, c.space_path);
  if (s.lut != "auto") {
    Lut lut = load_lut(s.lut);
    if (lut.hw_file != want.hw_file || lut.space != want.space)
      throw InputError(fmt::format("{}: LUT was built from {} for space '{}'; this search needs {} for '{}' "
                                   "(rebuild it with shiftadd lut, or set cost.lut: auto)",
                                   s.lut, lut.hw_file, lut.space, want.hw_file, want.space));
    return lut;
  }
  const std::string path = fmt::format("{}/{}_{}_{:016x}.json", s.lut_cache, c.space.name, want.hw, fnv1a64(want.hw_file));
  if (fs::exists(path)) {
    Lut lut = load_lut(path);
    if (lut.hw_file == want.hw_file) {
      if (c.log) *c.log << fmt::format("lut: {} (cached, {} entries)\n", path, lut.entries.size());
      return lut;
    }
  }
  const int64_t n = fill_space_lut(want, c.acc, c.space, c.loop);
  fs::create_directories(s.lut_cache);
  // One temporary per process: two searches that build the same LUT at once (ctest -j) must not
  // write one file; the rename is atomic, so a reader sees one whole LUT or none.
  const std::string tmp = fmt::format("{}.tmp{}", path, ::getpid());
  save_lut(want, tmp);
  fs::rename(tmp, path);
  if (c.log) *c.log << fmt::format("lut: {} (built, {} entries)\n", path, n);
  return want;
}

class LutCost : public CostEvaluator {
 public:
  LutCost(const CostSpec& s, const CostContext& c) : lut_(resolve_lut(s, c)), table_(lut_, c.space) {}
  std::string source() const override { return "lut"; }
  CostMetrics cost(const Arch& arch) const override {
    const QuickCost q = table_.predict(arch);
    CostMetrics m;
    m.cycles = q.cycles;
    m.latency_ms = double(q.cycles) / lut_.clock_mhz * 1e-3;
    m.energy_uj = q.energy_pj * 1e-6;
    return m;
  }

 private:
  Lut lut_;
  ArchCostTable table_;
};

}  // namespace

void register_lut_cost(CostRegistry& r) {
  r.add("lut", [](const CostSpec& s, const CostContext& c) { return std::make_unique<LutCost>(s, c); });
}

}  // namespace shiftadd::search
