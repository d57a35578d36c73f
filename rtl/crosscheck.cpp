#include "rtl/crosscheck.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <ostream>

#include "core/rng.h"
#include "rtl/rtl_array.h"
#include "sim/array_sim.h"
#include "cost/dataflow/dataflow_model.h"
#include "cost/fold_plan.h"
#include "cost/random_job.h"
#include "cost/reference_gemm.h"

namespace shiftadd {
namespace {

constexpr int kWordsLoggedPerJob = 16;  // the report keeps them all (up to kMaxStored)

// A dimension for an array of `unit` rows/cols: degenerate 1, exact multiples, one past a multiple,
// one short of it, or anything up to ~3 folds.
int64_t pick_dim(Rng& rng, int64_t unit) {
  const double u = rng.uniform01();
  if (u < 0.15) return 1;
  if (u < 0.30) return unit * rng.uniform_int(1, 2);
  if (u < 0.45) return unit * rng.uniform_int(1, 2) + 1;
  if (u < 0.55) return std::max<int64_t>(1, unit - 1);
  return rng.uniform_int(1, 3 * unit + 2);
}

int64_t lo_of(int bits) { return -(int64_t(1) << (bits - 1)); }

// A long-K job whose terms are nearly all the largest of one sign, so the accumulator of a wide
// array overflows (K is 1/16 beyond the steps needed, which covers the 2% of random operands);
// returns K = 0 if that needs more than max_k steps.
GemmJob long_k_job(const ArraySpec& s, Rng& rng, int64_t max_k) {
  const int64_t a = lo_of(s.a_bits);
  const int64_t b = s.pe == PeKind::kShift ? encode_shift_code(1, 0)
                                           : s.pe == PeKind::kMult ? lo_of(s.w_bits) : -lo_of(s.w_bits) - 1;
  const int64_t term = std::llabs(pe_term(s, a, b));
  const int64_t need = (int64_t(1) << (s.acc_bits - 1)) / term + 1;
  GemmJob j;
  if (need + need / 16 + s.rows > max_k) return j;
  j.M = rng.uniform_int(1, 2);
  j.N = rng.uniform_int(1, s.cols + 1);
  j.K = need + need / 16 + rng.uniform_int(0, s.rows);
  GemmJob r = random_gemm_job(s, j.M, j.K, j.N, rng);
  j.A.resize(j.M * j.K);
  j.B.resize(j.K * j.N);
  for (size_t i = 0; i < j.A.size(); ++i) j.A[i] = rng.bernoulli(0.99) ? a : r.A[i];
  for (size_t i = 0; i < j.B.size(); ++i) j.B[i] = rng.bernoulli(0.99) ? b : r.B[i];
  return j;
}

GemmJob make_job(const ArraySpec& s, Rng& rng, const CrosscheckOptions& opt) {
  const double u = rng.uniform01();
  if (u < opt.long_k_fraction) {
    GemmJob j = long_k_job(s, rng, opt.max_long_k);
    if (j.K > 0) return j;
  }
  const int64_t M = pick_dim(rng, s.rows), K = pick_dim(rng, s.rows), N = pick_dim(rng, s.cols);
  return u < 0.5 ? extreme_gemm_job(s, M, K, N, rng) : random_gemm_job(s, M, K, N, rng);
}

// True if some accumulator left its range (the result differs from the exact sum).
bool overflowed(const ArraySpec& s, const GemmJob& j, const std::vector<int64_t>& ref) {
  for (int64_t m = 0; m < j.M; ++m)
    for (int64_t n = 0; n < j.N; ++n) {
      int64_t exact = 0;
      for (int64_t k = 0; k < j.K; ++k) exact += pe_term(s, j.A[m * j.K + k], j.B[k * j.N + n]);
      if (exact != ref[m * j.N + n]) return true;
    }
  return false;
}

// Collects the mismatches of one job and logs them.
class JobCheck {
 public:
  JobCheck(CrosscheckReport& rep, CrosscheckGroup& g, std::ostream* log, CrosscheckMismatch base)
      : rep_(rep), g_(g), log_(log), base_(std::move(base)) {}

  void words(const char* model, const std::vector<int64_t>& got, const std::vector<int64_t>& ref) {
    if (got.size() != ref.size()) {
      add(model, "size", -1, -1, int64_t(ref.size()), int64_t(got.size()), "");
      return;
    }
    int64_t logged = 0, more = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
      if (got[i] == ref[i]) continue;
      (std::string(model) == "rtl" ? g_.rtl_word_mismatches : g_.systemc_word_mismatches)++;
      if (logged++ < kWordsLoggedPerJob) add(model, "word", int64_t(i) / base_.N, int64_t(i) % base_.N, ref[i], got[i], "");
      else ++more, record(model, "word", int64_t(i) / base_.N, int64_t(i) % base_.N, ref[i], got[i], "");
    }
    if (more && log_) *log_ << fmt::format("    ... and {} more mismatching {} words\n", more, model);
  }
  void cycles(const char* model, int64_t got) {
    if (got == base_.expected_cycles) return;
    ++g_.cycle_mismatches;
    add(model, "cycles", -1, -1, base_.expected_cycles, got, "");
  }
  void error(const char* model, const std::string& msg) {
    ++g_.errors;
    add(model, "error", -1, -1, 0, 0, msg);
  }
  bool failed() const { return failed_; }
  CrosscheckMismatch& base() { return base_; }

 private:
  void record(const char* model, const char* what, int64_t m, int64_t n, int64_t exp, int64_t got,
              const std::string& msg) {
    failed_ = true;
    ++rep_.mismatch_count;
    if (rep_.mismatches.size() >= CrosscheckReport::kMaxStored) return;
    CrosscheckMismatch x = base_;
    x.model = model, x.what = what, x.m = m, x.n = n, x.expected = exp, x.got = got, x.message = msg;
    rep_.mismatches.push_back(std::move(x));
  }
  void add(const char* model, const char* what, int64_t m, int64_t n, int64_t exp, int64_t got,
           const std::string& msg) {
    if (!failed_ && log_)
      *log_ << fmt::format("MISMATCH job {} array '{}' ({}) {} {} shape M={} K={} N={} cycles expected={} rtl={} "
                           "systemc={}\n",
                           base_.job, base_.array, to_string(base_.kind), to_string(base_.dataflow),
                           to_string(base_.overflow), base_.M, base_.K, base_.N, base_.expected_cycles,
                           base_.rtl_cycles, base_.systemc_cycles);
    record(model, what, m, n, exp, got, msg);
    if (!log_) return;
    if (std::string(what) == "word")
      *log_ << fmt::format("    {} C[{}][{}] expected {} got {}\n", model, m, n, exp, got);
    else if (std::string(what) == "error")
      *log_ << fmt::format("    {} error: {}\n", model, msg);
    else
      *log_ << fmt::format("    {} {} expected {} got {}\n", model, what, exp, got);
  }

  CrosscheckReport& rep_;
  CrosscheckGroup& g_;
  std::ostream* log_;
  CrosscheckMismatch base_;
  bool failed_ = false;
};

}  // namespace

CrosscheckReport run_crosscheck(const std::vector<ArraySpec>& arrays, const CrosscheckOptions& opt,
                                std::ostream* log) {
  if (arrays.empty()) throw InputError("crosscheck: no arrays to check");
  if (opt.cases < 1) throw InputError(fmt::format("crosscheck: --cases must be >= 1, got {}", opt.cases));
  if (opt.dataflows.empty() || opt.overflows.empty()) throw InputError("crosscheck: no dataflow/overflow selected");
  std::vector<std::unique_ptr<RtlArray>> rtl;
  for (const auto& a : arrays) rtl.push_back(make_rtl_array(a));  // fails early on a missing variant

  CrosscheckReport rep;
  for (const auto& a : arrays)
    for (Dataflow df : opt.dataflows)
      for (Overflow ovf : opt.overflows) {
        CrosscheckGroup g;
        g.array = a.name, g.kind = a.pe, g.dataflow = df, g.overflow = ovf;
        rep.groups.push_back(g);
      }
  const size_t per_array = opt.dataflows.size() * opt.overflows.size();
  for (int64_t id = 0; id < opt.cases; ++id) {
    const size_t gi = size_t(id) % rep.groups.size();
    CrosscheckGroup& g = rep.groups[gi];
    ArraySpec s = arrays[gi / per_array];
    s.dataflow = g.dataflow;
    s.overflow = g.overflow;
    Rng rng(opt.seed * 0x9E3779B97F4A7C15ULL + uint64_t(id));
    const GemmJob job = make_job(s, rng, opt);
    if (s.pe == PeKind::kShift)
      for (int64_t b : job.B) rep.shift_codes_seen |= uint64_t(1) << b;
    const std::vector<int64_t> ref = reference_gemm(s, job);

    CrosscheckMismatch base;
    base.job = id, base.array = s.name, base.kind = s.pe, base.dataflow = s.dataflow, base.overflow = s.overflow;
    base.M = job.M, base.K = job.K, base.N = job.N;
    base.expected_cycles = total_cycles(s.rows, s.cols, s.dataflow, job.M, job.K, job.N);
    RtlRun r;
    ArrayRunResult sc;
    std::string rtl_err, sc_err;
    try {
      r = rtl[gi / per_array]->run(job, s.dataflow, s.overflow);
      if (opt.tamper) opt.tamper(id, r.c, r.cycles);
    } catch (const Error& e) {
      rtl_err = e.what();
    }
    if (opt.systemc) try {
        sc = opt.systemc->run(s, job);
      } catch (const Error& e) {
        sc_err = e.what();
      }
    base.rtl_cycles = r.cycles, base.systemc_cycles = sc.total_cycles;

    JobCheck chk(rep, g, log, base);
    if (!rtl_err.empty()) chk.error("rtl", rtl_err);
    else chk.words("rtl", r.c, ref), chk.cycles("rtl", r.cycles);
    if (!sc_err.empty()) chk.error("systemc", sc_err);
    else if (opt.systemc) chk.words("systemc", sc.c, ref), chk.cycles("systemc", sc.total_cycles);

    ++g.jobs, ++rep.jobs;
    g.words += int64_t(ref.size()), rep.words += int64_t(ref.size());
    g.cycles += base.expected_cycles;
    g.overflowed_jobs += overflowed(s, job, ref);
    g.degenerate_jobs += job.M == 1 || job.K == 1 || job.N == 1;
    const int64_t spatial = dataflow_model(s.dataflow).geometry(job.M, job.K).spatial;
    g.ragged_jobs += spatial % s.rows != 0 || job.N % s.cols != 0;
    if (chk.failed()) ++g.failed_jobs, ++rep.failed_jobs;
  }
  return rep;
}

}  // namespace shiftadd
