// shiftadd eval --supernet runs/<name> --arch <subnet.yaml> [--bn-recalib N]: inherited-weight accuracy.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "core/error.h"
#include "models/supernet/nlp_train.h"
#include "models/quant/quant_subnet.h"
#include "models/supernet/trainer.h"

namespace shiftadd::cli {

namespace {
// Greedy decoding on the test split with inherited weights; BLEU next to the copy-input baseline.
void eval_nlp(const std::string& dir, const std::string& arch_path, const nn::NlpEvalOptions& opt) {
  nn::NlpRun run = nn::load_nlp_run(dir);
  const Arch arch = load_arch(arch_path, run.space);
  const nn::NlpEvalResult r = nn::eval_nlp_subnet(run, arch, opt);
  std::cout << fmt::format("arch {}\n", arch_key(arch, run.space));
  for (size_t i = 0; i < r.sample_src.size(); ++i) std::cout << fmt::format("  {} -> {}\n", r.sample_src[i], r.sample_hyp[i]);
  std::cout << fmt::format("test BLEU {:.2f} (copy-input baseline {:.2f}) on {} phrases, supernet step {}\n{}\n",
                           r.bleu.score, r.copy_bleu.score, r.count, run.step, r.bleu.format());
}
}  // namespace

void add_eval(CLI::App& app) {
  struct Opts {
    std::string run, arch;
    nn::EvalOptions eval;
    nn::NlpEvalOptions nlp;
    std::string quant = "none";
    int calib_batches = 4;
    bool float_attn = false;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand("eval", "evaluate a subnet with weights inherited from a trained supernet");
  sub->add_option("--supernet", o->run, "run directory written by shiftadd train")->required();
  sub->add_option("--arch", o->arch, "subnet YAML")->required();
  sub->add_option("--bn-recalib", o->eval.bn_recalib, "BN recalibration batches of training data")
      ->capture_default_str();
  sub->add_option("--test-limit", o->eval.test_limit, "evaluate on the first N test images")->capture_default_str();
  sub->add_option("--data-dir", o->eval.data_dir, "Fashion-MNIST IDX directory")->capture_default_str();
  sub->add_option("--limit", o->nlp.limit, "NLP: evaluate on the first N test phrases")->capture_default_str();
  sub->add_option("--dictd-dir", o->nlp.dictd_dir, "NLP: dictd directory (default: the run's)");
  sub->add_option("--quant", o->quant, "CV: also run the subnet with the integer PE kernels (int8)")
      ->check(CLI::IsMember({"none", "int8"}))->capture_default_str();
  sub->add_option("--calib-batches", o->calib_batches, "CV --quant: activation-range calibration batches")
      ->check(CLI::PositiveNumber)->capture_default_str();
  sub->add_flag("--float-attn", o->float_attn, "CV --quant: keep the attention blocks in float");
  sub->callback([o] {
    if (nn::space_task(o->run) == Task::kNlp) {
      if (o->eval.bn_recalib > 0) throw InputError("eval: --bn-recalib applies to CV supernets (the NLP one has no BatchNorm)");
      if (o->nlp.limit == 0) o->nlp.limit = o->eval.test_limit;
      return eval_nlp(o->run, o->arch, o->nlp);
    }
    nn::LoadedRun run = nn::load_run(o->run);
    const Arch arch = load_arch(o->arch, run.space);
    const nn::EvalResult r = nn::eval_subnet(run, arch, o->eval);
    std::cout << fmt::format("arch {}\nparams {}\ntest accuracy {:.4f} ({} images, bn-recalib {})\n",
                             arch_key(arch, run.space), r.params, r.accuracy, r.count, o->eval.bn_recalib);
    if (o->quant == "int8") {
      nn::quant::QuantOptions qopt;
      qopt.attention = !o->float_attn;
      const auto q = nn::quant::eval_quantized(run, arch, o->eval, o->calib_batches, qopt);
      std::cout << fmt::format("int8 test accuracy {:.4f} (float path {:.4f}, {} integer GEMMs per forward, "
                               "attention {}, {} calibration batches of {})\n", q.quant_accuracy, q.float_accuracy,
                               q.layers, qopt.attention ? "int8" : "float", o->calib_batches, o->eval.recalib_batch);
    }
  });
}

}  // namespace shiftadd::cli
