#pragma once
// Drives one verilated sa_array variant (class V) through a GEMM job. The driver only plays the
// operand and result buffers: each cycle it answers the read requests the array raises (a_*, b_*,
// p_*) and stores the result rows it writes (o_*). It never skips or inserts cycles, so the cycle
// count is the hardware's. Internal to rtl/: includes Verilator headers.
#include <fmt/format.h>
#include <verilated.h>
#include <verilated_vcd_c.h>

#include <memory>
#include <string>

#include "core/error.h"
#include "rtl/rtl_array.h"
#include "rtl/rtl_lanes.h"
#include "cost/fold_plan.h"

namespace shiftadd::rtl_detail {

constexpr int kIndexBits = 24;  // sa_array parameter IW: width of M, K, N

// What a buffer returns for an index outside the matrix. The RTL must mask these lanes itself, so
// a non-zero junk pattern checks that masking on every job.
constexpr int64_t kJunk = -1;

template <class V>
class RtlDriver final : public RtlArray {
 public:
  explicit RtlDriver(const ArraySpec& spec)
      : spec_(spec), ctx_(std::make_unique<VerilatedContext>()),
        top_(std::make_unique<V>(ctx_.get(), "sa")) {
    top_->clk = 0;
    top_->start = 0;
    top_->rst = 1;
    for (int i = 0; i < 2; ++i) tick();
    top_->rst = 0;
  }
  ~RtlDriver() override {
    if (vcd_) vcd_->close();
    top_->final();
  }

  void enable_vcd(const std::string& path) override {
    ctx_->traceEverOn(true);
    vcd_ = std::make_unique<VerilatedVcdC>();
    top_->trace(vcd_.get(), 99);
    vcd_->open(path.c_str());
    if (!vcd_->isOpen()) throw DataError(path, "cannot open the VCD file for writing");
  }

  RtlRun run(const GemmJob& job, Dataflow df, Overflow ovf) override;

 private:
  void tick();            // one rising clock edge
  void serve_reads(const GemmJob& job, const std::vector<int64_t>& c);
  void store_row(const GemmJob& job, std::vector<int64_t>& c) const;

  ArraySpec spec_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<V> top_;
  std::unique_ptr<VerilatedVcdC> vcd_;
  uint64_t half_cycles_ = 0;
  bool os_ = false;
};

template <class V>
void RtlDriver<V>::tick() {
  V& t = *top_;
  if (vcd_) vcd_->dump(half_cycles_);
  ++half_cycles_;
  t.clk = 1;
  t.eval();
  if (vcd_) vcd_->dump(half_cycles_);
  ++half_cycles_;
  t.clk = 0;  // evaluated together with the next cycle's inputs
}

template <class V>
void RtlDriver<V>::serve_reads(const GemmJob& job, const std::vector<int64_t>& c) {
  V& t = *top_;
  const int64_t M = job.M, K = job.K, N = job.N;
  if (t.a_rd) {
    const int64_t m = t.a_m, k = t.a_k;
    put_lanes(t.a_data, spec_.rows, spec_.a_bits, [&](int r) {
      const int64_t mm = os_ ? m + r : m, kk = os_ ? k : k + r;
      return mm < M && kk < K ? job.A[mm * K + kk] : kJunk;
    });
  }
  if (t.b_rd) {
    const int64_t k = t.b_k, n = t.b_n;
    put_lanes(t.b_data, spec_.cols, spec_.b_bits(), [&](int i) {
      return k < K && n + i < N ? job.B[k * N + n + i] : kJunk;
    });
  }
  if (t.p_rd) {
    const int64_t m = t.p_m, n = t.p_n;
    put_lanes(t.p_data, spec_.cols, spec_.acc_bits, [&](int i) {
      return m < M && n + i < N ? c[m * N + n + i] : kJunk;
    });
  }
}

template <class V>
void RtlDriver<V>::store_row(const GemmJob& job, std::vector<int64_t>& c) const {
  const V& t = *top_;
  const int64_t m = t.o_m, n = t.o_n;
  for (int i = 0; i < spec_.cols; ++i) {
    if (get_lane(t.o_mask, i, 1) == 0) continue;
    if (m >= job.M || n + i >= job.N)
      throw Error(fmt::format("RTL {} wrote C[{}][{}] outside the {}x{} result", describe_variant(spec_), m,
                              n + i, job.M, job.N));
    c[m * job.N + n + i] = get_lane(t.o_data, i, spec_.acc_bits);
  }
}

template <class V>
RtlRun RtlDriver<V>::run(const GemmJob& job, Dataflow df, Overflow ovf) {
  validate_job(spec_, job);
  const int64_t lim = int64_t(1) << kIndexBits;
  if (job.M >= lim || job.K >= lim || job.N >= lim)
    throw InputError(fmt::format("GEMM {}x{}x{}: the RTL array takes M, K, N < 2^{}", job.M, job.K, job.N,
                                 kIndexBits));
  V& t = *top_;
  if (t.busy) throw Error("RTL array busy at the start of a job");
  os_ = df == Dataflow::kOS;
  t.cfg_os = os_;
  t.cfg_sat = ovf == Overflow::kSaturate;
  t.cfg_m = uint32_t(job.M);
  t.cfg_k = uint32_t(job.K);
  t.cfg_n = uint32_t(job.N);
  t.start = 1;
  t.eval();  // cycle 0's reads depend on start and cfg_*

  RtlRun out;
  out.c.assign(job.M * job.N, 0);
  // Watchdog only: a correct array finishes in exactly total_cycles.
  const int64_t limit = 2 * total_cycles(spec_.rows, spec_.cols, df, job.M, job.K, job.N) + 64;
  for (int64_t cycle = 0;; ++cycle) {
    serve_reads(job, out.c);
    t.eval();
    const bool last = t.o_wr && t.o_last;
    if (t.o_wr) store_row(job, out.c);
    tick();
    t.start = 0;
    if (last) {
      out.cycles = cycle + 1;
      break;
    }
    if (cycle > limit)
      throw Error(fmt::format("RTL {} did not finish a {}x{}x{} {} job in {} cycles", describe_variant(spec_),
                              job.M, job.K, job.N, to_string(df), cycle));
  }
  t.eval();
  if (t.busy) throw Error(fmt::format("RTL {} still busy after its last result row", describe_variant(spec_)));
  return out;
}

}  // namespace shiftadd::rtl_detail
