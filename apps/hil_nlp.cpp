// Hardware in the loop for NLP subnets: the int8 path of `shiftadd eval --quant int8` (same calibration),
// greedy decoding of the test phrases with every integer GEMM of every step posted to the SystemC array
// of its PE kind. Each batch is decoded first with the reference int_gemm, then on the arrays, and the
// logits of every decoding step are compared bit for bit, phrase by phrase.
#include <tbb/task_arena.h>

#include <cstring>

#include "apps/hil_arrays.h"
#include "models/data/metrics.h"
#include "models/quant/quant_nlp.h"

namespace shiftadd::cli {
namespace {

using search::HilResult;
using Mode = HilArrays::Mode;
using Tokens = std::vector<std::vector<int32_t>>;

constexpr int64_t kBatch = 16;       // phrases per decoding batch (the logits of one batch are kept)
constexpr int64_t kCalibBatch = 128;  // phrase pairs per calibration batch, as `eval --quant int8`

// Decodes src twice, first in mode `first` (keeping every step's logits), then in `second`; returns the
// second run's tokens and marks the phrases whose logits differ in any bit, at any step, in `bad`.
class TwoRuns {
 public:
  TwoRuns(nn::quant::QuantizedNlpSubnet& net, HilArrays& arrays, int64_t max_len, tbb::task_arena& one)
      : net_(net), arrays_(arrays), max_len_(max_len), one_(one) {}

  std::pair<Tokens, Tokens> run(const Tokens& src, Mode first, Mode second, std::vector<bool>& bad) {
    std::vector<nn::Tensor> kept;
    arrays_.mode = first;
    Tokens a, b;
    one_.execute([&] { a = net_.greedy(src, max_len_, true, [&](int64_t, const nn::Tensor& l) { kept.push_back(l); }); });
    arrays_.mode = second;
    bad.assign(src.size(), false);
    size_t step = 0;
    one_.execute([&] {
      b = net_.greedy(src, max_len_, true, [&](int64_t, const nn::Tensor& l) { compare(kept, step++, l, bad); });
    });
    if (step != kept.size()) bad.assign(src.size(), true);
    return {a, b};
  }

 private:
  static void compare(const std::vector<nn::Tensor>& kept, size_t step, const nn::Tensor& l, std::vector<bool>& bad) {
    if (step >= kept.size() || kept[step].shape() != l.shape()) {
      bad.assign(bad.size(), true);
      return;
    }
    const int64_t row = l.numel() / l.dim(0);
    for (int64_t i = 0; i < l.dim(0); ++i)
      if (std::memcmp(kept[step].data() + i * row, l.data() + i * row, sizeof(float) * size_t(row)) != 0) bad[size_t(i)] = true;
  }

  nn::quant::QuantizedNlpSubnet& net_;
  HilArrays& arrays_;
  int64_t max_len_;
  tbb::task_arena& one_;
};

class NlpHil : public search::HilEvaluator {
 public:
  NlpHil(const std::string& run_dir, const search::AccuracySpec& spec, int calib_batches, int64_t rtl_images,
         const Accelerator& acc, ArraySim& sim)
      : run_(nn::load_nlp_run(run_dir)), spec_(spec), calib_batches_(calib_batches), rtl_images_(rtl_images),
        arrays_(acc, sim, nn::quant::QuantOptions{}.acc, rtl_images > 0) {}

  HilResult run(const Arch& arch) override {
    check_arch(run_.space, arch, "<arch>");
    nn::quant::QuantOptions q;
    q.runner = arrays_.runner();
    nn::quant::QuantizedNlpSubnet net(*run_.net, arch, q);
    arrays_.mode = Mode::kReference;
    nn::quant::calibrate_quantized_nlp(net, run_, spec_.data_dir, calib_batches_, kCalibBatch);
    nn::NlpEvalOptions n;
    n.dictd_dir = spec_.data_dir;
    n.limit = spec_.test_limit;
    const std::vector<data::PhraseGroup> groups = nn::nlp_eval_groups(run_, n);
    HilResult r;
    r.metric = "bleu";
    arrays_.counts = {};
    tbb::task_arena one(1);  // SystemC runs on this thread only: no TBB worker may post a GEMM
    TwoRuns two(net, arrays_, run_.space.nlp.tgt_len, one);
    std::vector<std::string> hyp_int8, hyp_hil;
    std::vector<bool> bad;
    for (size_t s = 0; s < groups.size(); s += size_t(kBatch)) {
      const Tokens src = encode(groups, s, std::min(groups.size(), s + size_t(kBatch)));
      arrays_.items = int64_t(src.size());
      const auto [ref, hil] = two.run(src, Mode::kReference, Mode::kSystemC, bad);
      for (size_t i = 0; i < src.size(); ++i) {
        hyp_int8.push_back(run_.tok->decode(ref[i]));
        hyp_hil.push_back(run_.tok->decode(hil[i]));
        r.mismatched_images += bad[i] || ref[i] != hil[i];
      }
    }
    if (rtl_images_ > 0) {  // SystemC against RTL on the first phrases; not counted in cycles or energy
      const HilArrays::Counts saved = arrays_.counts;
      const Tokens src = encode(groups, 0, std::min(groups.size(), size_t(rtl_images_)));
      arrays_.items = int64_t(src.size());
      const auto [sc, rtl] = two.run(src, Mode::kSystemC, Mode::kRtl, bad);
      arrays_.counts = saved;
      r.rtl_images = int64_t(src.size());
      for (size_t i = 0; i < src.size(); ++i) r.rtl_mismatched_images += bad[i] || sc[i] != rtl[i];
    }
    r.images = int64_t(groups.size());
    r.test_metric_int8 = data::phrase_bleu(hyp_int8, groups).score;
    r.test_metric_hil = data::phrase_bleu(hyp_hil, groups).score;
    r.bitexact = r.mismatched_images == 0;
    arrays_.report(r);
    return r;
  }

 private:
  Tokens encode(const std::vector<data::PhraseGroup>& groups, size_t from, size_t to) const {
    Tokens src;
    for (size_t i = from; i < to; ++i) src.push_back(run_.tok->encode(groups[i].src));
    return src;
  }

  nn::NlpRun run_;
  search::AccuracySpec spec_;
  int calib_batches_;
  int64_t rtl_images_;
  HilArrays arrays_;
};

}  // namespace

std::unique_ptr<search::HilEvaluator> make_nlp_hil(const std::string& run_dir, const search::AccuracySpec& spec,
                                                   int calib_batches, int64_t rtl_images, const Accelerator& acc,
                                                   ArraySim& sim) {
  return std::make_unique<NlpHil>(run_dir, spec, calib_batches, rtl_images, acc, sim);
}

}  // namespace shiftadd::cli
