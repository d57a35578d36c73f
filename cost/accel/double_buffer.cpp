// "double_buffer": each buffer is split in two halves (one feeds the array while the other fills
// from DRAM). An operand that fits in half its buffer is fetched from DRAM once; otherwise it is
// re-fetched for every pass that needs it. A GEMM reads A from DRAM and writes its output back
// unless the residency context (sim/accel/residency.h) keeps them on chip. Precise rules: docs/hardware.md ("Accelerator model").
#include <algorithm>
#include <cmath>

#include "cost/accel/accel_config.h"
#include "cost/accel/memory_model.h"
#include "cost/dataflow/dataflow_model.h"

namespace shiftadd {
namespace {

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t bytes_of(int bits) { return (bits + 7) / 8; }
int64_t half_bytes(const BufferSpec& b) { return int64_t(b.size_kb * 1024) / 2; }
int64_t cycles_for(double amount, double per_cycle) { return int64_t(std::ceil(amount / per_cycle)); }

class DoubleBuffer : public MemoryModel {
 public:
  GemmTraffic gemm(const AccelConfig& cfg, const ArraySpec& s, const workload::GemmShape& g,
                   const ArrayEvents& ev, GemmResidency res) const override {
    const int64_t ea = bytes_of(s.a_bits), eb = bytes_of(s.b_bits()), ep = bytes_of(s.acc_bits);
    const DataflowModel& df = dataflow_model(s.dataflow);
    const int64_t row_folds = ceil_div(df.geometry(g.m, g.k).spatial, s.rows), col_folds = ceil_div(g.n, s.cols);
    const int64_t a_bytes = g.m * g.k * ea, b_bytes = g.k * g.n * eb, out_bytes = g.m * g.n * ea;
    // A is needed once per column fold; B once (WS: stationary) or once per row fold (OS: streamed).
    const int64_t a_dram = res.a_sram ? 0 : a_bytes <= half_bytes(cfg.ifmap) ? a_bytes : a_bytes * col_folds;
    const int64_t out_dram = res.out_sram ? 0 : out_bytes;
    const int64_t b_dram = (df.weights_stationary() || b_bytes <= half_bytes(cfg.weight)) ? b_bytes : b_bytes * row_folds;
    // WS partial sums of one column fold (M x C) stay in the ofmap buffer across row folds. If they
    // do not fit, the cheaper of: spill them to DRAM, or cut M into tiles that fit and re-fetch the
    // weights once per extra M tile.
    const int64_t psum_tile = g.m * std::min<int64_t>(g.n, s.cols) * ep;
    int64_t spill = 0, w_refetch = 0;
    if (df.psums_cross_row_folds() && row_folds > 1 && psum_tile > half_bytes(cfg.ofmap)) {
      spill = 2 * (row_folds - 1) * g.m * g.n * ep;
      const int64_t m_tiles = ceil_div(psum_tile, half_bytes(cfg.ofmap));
      if ((m_tiles - 1) * b_bytes < spill) spill = 0, w_refetch = (m_tiles - 1) * b_bytes;
    }
    GemmTraffic t;
    t.dram_read_bytes = a_dram + b_dram + w_refetch + spill / 2;
    t.dram_write_bytes = out_dram + spill / 2;
    // Reads feed the array or drain to DRAM; writes take DRAM fills or array results. A spill is
    // half drained (read) and half fetched back (written).
    t.ifmap_reads = ev.words_in_a, t.ifmap_writes = a_dram / ea;
    t.weight_reads = ev.words_in_b, t.weight_writes = (b_dram + w_refetch) / eb;
    t.ofmap_reads = ev.words_in_psum + out_bytes / ea + spill / ep / 2;
    t.ofmap_writes = ev.words_out + spill / ep / 2;
    const int64_t sram_cycles = std::max({cycles_for(double(ev.words_in_a), cfg.ifmap.bandwidth_words_per_cycle),
                                          cycles_for(double(ev.words_in_b), cfg.weight.bandwidth_words_per_cycle),
                                          cycles_for(double(ev.words_in_psum + ev.words_out),
                                                     cfg.ofmap.bandwidth_words_per_cycle)});
    t.memory_cycles = std::max(cycles_for(double(t.dram_bytes()), cfg.dram_bytes_per_cycle), sram_cycles);
    // Not overlapped: the first weight and ifmap tiles before the first fold, the last output tile after.
    // The first fold holds a spatial slice of R x the whole temporal extent of A; B's rows are the
    // spatial extent when weights are stationary (WS: K), else the temporal one (OS: K streams).
    const FoldGeometry geo = df.geometry(g.m, g.k);
    const int64_t slice = std::min<int64_t>(geo.spatial, s.rows), cols_n = std::min<int64_t>(g.n, s.cols);
    const bool ws = df.weights_stationary();
    const int64_t first_w = (ws ? slice : geo.temporal) * cols_n * eb;
    const int64_t first_a = slice * geo.temporal * ea;
    const int64_t first = std::min(first_w, half_bytes(cfg.weight)) + (res.a_sram ? 0 : std::min(first_a, half_bytes(cfg.ifmap)));
    const int64_t last = res.out_sram ? 0 : (ws ? geo.temporal : slice) * cols_n * ea;
    t.prologue_cycles = cycles_for(double(first + last), cfg.dram_bytes_per_cycle);
    return t;
  }
};

}  // namespace

void register_double_buffer(MemoryModelRegistry& r) {
  r.add("double_buffer", [] { return std::unique_ptr<MemoryModel>(new DoubleBuffer()); });
}

const MemoryModelRegistry& memory_model_registry() {
  static const MemoryModelRegistry reg = [] {
    MemoryModelRegistry r;
    register_double_buffer(r);
    return r;
  }();
  return reg;
}

}  // namespace shiftadd
