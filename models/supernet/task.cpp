#include "models/supernet/task.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "models/quant/quant_nlp.h"
#include "models/quant/quant_subnet.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

class CvEvaluator : public SubnetEvaluator {
 public:
  explicit CvEvaluator(const std::string& dir) : run_(load_cv_run(dir)) {}
  const SearchSpace& space() const override { return run_.space; }
  int64_t step() const override { return run_.step; }
  SubnetScore evaluate(const Arch& arch, const SubnetEvalOptions& opt) override {
    return {"top1", eval_cv_subnet(run_, arch, opt.cv).accuracy};
  }
  SubnetScore report(const Arch& arch, const SubnetEvalOptions& opt, std::ostream& out) override {
    const CvEvalResult r = eval_cv_subnet(run_, arch, opt.cv);
    out << fmt::format("arch {}\nparams {}\ntest accuracy {:.4f} ({} images, bn-recalib {}{})\n",
                       arch_key(arch, run_.space), r.params, r.accuracy, r.count, opt.cv.bn_recalib,
                       opt.cv.kernels == Kernels::kFixed ? ", fixed kernels" : "");
    if (opt.int8) {
      quant::QuantOptions qopt;
      qopt.attention = opt.int8_attention;
      const auto q = quant::eval_quantized(run_, arch, opt.cv, opt.calib_batches, qopt);
      out << fmt::format("int8 test accuracy {:.4f} (float path {:.4f}, {} integer GEMMs per forward, "
                         "attention {}, {} calibration batches of {})\n", q.quant_accuracy, q.float_accuracy,
                         q.layers, qopt.attention ? "int8" : "float", opt.calib_batches, opt.cv.recalib_batch);
    }
    return {"top1", r.accuracy};
  }
  void export_subnet(const Arch& arch, const std::string& out_dir) override { export_cv_subnet(run_, arch, out_dir); }

 private:
  CvRun run_;
};

class NlpEvaluator : public SubnetEvaluator {
 public:
  explicit NlpEvaluator(const std::string& dir) : run_(load_nlp_run(dir)) {}
  const SearchSpace& space() const override { return run_.space; }
  int64_t step() const override { return run_.step; }
  SubnetScore evaluate(const Arch& arch, const SubnetEvalOptions& opt) override {
    check_options(opt);
    return {"bleu", eval(arch, opt).bleu.score};
  }
  // Greedy decoding on the test split; BLEU next to the copy-input baseline.
  SubnetScore report(const Arch& arch, const SubnetEvalOptions& opt, std::ostream& out) override {
    check_options(opt);
    const NlpEvalResult r = eval(arch, opt);
    out << fmt::format("arch {}\n", arch_key(arch, run_.space));
    for (size_t i = 0; i < r.sample_src.size(); ++i) out << fmt::format("  {} -> {}\n", r.sample_src[i], r.sample_hyp[i]);
    out << fmt::format("test BLEU {:.2f} (copy-input baseline {:.2f}) on {} phrases, supernet step {}\n{}\n",
                       r.bleu.score, r.copy_bleu.score, r.count, run_.step, r.bleu.format());
    if (opt.int8) {
      const auto q = quant::eval_quantized_nlp(run_, arch, nlp_options(opt), opt.calib_batches);
      out << fmt::format("int8 test BLEU {:.2f} (float path {:.2f}, {} integer GEMM sites per forward, "
                         "{} calibration batches of {})\n", q.quant_bleu.score, q.float_bleu.score, q.sites,
                         opt.calib_batches, opt.nlp.batch);
    }
    return {"bleu", r.bleu.score};
  }
  void export_subnet(const Arch& arch, const std::string& out_dir) override { export_nlp_subnet(run_, arch, out_dir); }

 private:
  static void check_options(const SubnetEvalOptions& opt) {
    if (!opt.int8_attention) throw InputError("eval: --float-attn applies to CV subnets (NLP int8 runs every GEMM in int8)");
    if (opt.cv.kernels != Kernels::kEigen)
      throw InputError("eval: --kernels fixed applies to CV subnets (the NLP forward has no fixed kernels)");
  }
  static NlpEvalOptions nlp_options(const SubnetEvalOptions& opt) {
    if (opt.cv.bn_recalib > 0) throw InputError("eval: --bn-recalib applies to CV supernets (the NLP one has no BatchNorm)");
    NlpEvalOptions n = opt.nlp;
    if (n.limit == 0) n.limit = opt.cv.test_limit;
    return n;
  }
  NlpEvalResult eval(const Arch& arch, const SubnetEvalOptions& opt) { return eval_nlp_subnet(run_, arch, nlp_options(opt)); }
  NlpRun run_;
};

}  // namespace

Task space_task(const std::string& path) {
  const std::string file = fs::is_directory(path) ? path + "/space.yaml" : path;
  return load_space(file).task;
}

std::unique_ptr<SubnetEvaluator> load_run(const std::string& dir) {
  if (!fs::is_directory(dir))
    throw DataError(dir, fs::exists(dir) ? "is a file; expected a run folder written by `shiftadd train`"
                                         : "no such run folder (expected one written by `shiftadd train`)");
  if (space_task(dir) == Task::kNlp) return std::make_unique<NlpEvaluator>(dir);
  return std::make_unique<CvEvaluator>(dir);
}

TrainSummary train_run(const TrainRequest& req) {
  const TrainOptions& o = req.options;
  if (space_task(o.resume ? o.out_dir : o.space_path) == Task::kCv) return train_supernet(o);
  TrainOptions nlp = o;
  nlp.data_dir = req.nlp_data_dir;
  return train_nlp_supernet(nlp_options_from(nlp, req.kl_coef_given ? o.kl_coef : 0.f));
}

}  // namespace shiftadd::nn
