// shiftadd eval --supernet runs/<name> --arch <subnet.yaml> [--bn-recalib N]: inherited-weight accuracy (CV)
// or BLEU (NLP) through the task-polymorphic evaluator (models/supernet/task.h).
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/data_paths.h"
#include "models/supernet/task.h"

namespace shiftadd::cli {

void add_eval(CLI::App& app) {
  struct Opts {
    std::string run, arch;
    nn::SubnetEvalOptions eval;
    std::string quant = "none";
    bool float_attn = false;
  };
  auto o = std::make_shared<Opts>();
  o->eval.cv.data_dir = kFashionMnistDir;
  CLI::App* sub = app.add_subcommand("eval", "evaluate a subnet with weights inherited from a trained supernet");
  sub->add_option("--supernet", o->run, "run directory written by shiftadd train")->required();
  sub->add_option("--arch", o->arch, "subnet YAML")->required();
  sub->add_option("--bn-recalib", o->eval.cv.bn_recalib, "BN recalibration batches of training data")
      ->capture_default_str();
  sub->add_option("--test-limit", o->eval.cv.test_limit, "evaluate on the first N test images")->capture_default_str();
  sub->add_option("--data-dir", o->eval.cv.data_dir, "Fashion-MNIST IDX directory")->capture_default_str();
  sub->add_option("--limit", o->eval.nlp.limit, "NLP: evaluate on the first N test phrases")->capture_default_str();
  sub->add_option("--dictd-dir", o->eval.nlp.dictd_dir, "NLP: dictd directory (default: the run's)");
  sub->add_option("--quant", o->quant, "CV: also run the subnet with the integer PE kernels (int8)")
      ->check(CLI::IsMember({"none", "int8"}))->capture_default_str();
  sub->add_option("--calib-batches", o->eval.calib_batches, "CV --quant: activation-range calibration batches")
      ->check(CLI::PositiveNumber)->capture_default_str();
  sub->add_flag("--float-attn", o->float_attn, "CV --quant: keep the attention blocks in float");
  sub->callback([o] {
    o->eval.int8 = o->quant == "int8";
    o->eval.int8_attention = !o->float_attn;
    const std::unique_ptr<nn::SubnetEvaluator> run = nn::load_run(o->run);
    run->report(load_arch(o->arch, run->space()), o->eval, std::cout);
  });
}

}  // namespace shiftadd::cli
