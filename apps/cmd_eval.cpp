// shiftadd eval --supernet runs/<name> --arch <subnet.yaml> [--bn-recalib N]: inherited-weight accuracy.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "models/quant/quant_subnet.h"
#include "models/supernet/trainer.h"

namespace shiftadd::cli {

void add_eval(CLI::App& app) {
  struct Opts {
    std::string run, arch;
    nn::EvalOptions eval;
    std::string quant = "none";
    int calib_batches = 4;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand("eval", "evaluate a subnet with weights inherited from a trained supernet");
  sub->add_option("--supernet", o->run, "run directory written by shiftadd train")->required();
  sub->add_option("--arch", o->arch, "subnet YAML")->required();
  sub->add_option("--bn-recalib", o->eval.bn_recalib, "BN recalibration batches of training data")
      ->capture_default_str();
  sub->add_option("--test-limit", o->eval.test_limit, "evaluate on the first N test images")->capture_default_str();
  sub->add_option("--data-dir", o->eval.data_dir, "Fashion-MNIST IDX directory")->capture_default_str();
  sub->add_option("--quant", o->quant, "CV: also run the subnet with the integer PE kernels (int8)")
      ->check(CLI::IsMember({"none", "int8"}))->capture_default_str();
  sub->add_option("--calib-batches", o->calib_batches, "CV --quant: activation-range calibration batches")
      ->check(CLI::PositiveNumber)->capture_default_str();
  sub->callback([o] {
    nn::LoadedRun run = nn::load_run(o->run);
    const Arch arch = load_arch(o->arch, run.space);
    const nn::EvalResult r = nn::eval_subnet(run, arch, o->eval);
    std::cout << fmt::format("arch {}\nparams {}\ntest accuracy {:.4f} ({} images, bn-recalib {})\n",
                             arch_key(arch, run.space), r.params, r.accuracy, r.count, o->eval.bn_recalib);
    if (o->quant == "int8") {
      const auto q = nn::quant::eval_quantized(run, arch, o->eval, o->calib_batches);
      std::cout << fmt::format("int8 test accuracy {:.4f} (float path {:.4f}, {} integer layers, {} calibration "
                               "batches of {})\n", q.quant_accuracy, q.float_accuracy, q.layers, o->calib_batches,
                               o->eval.recalib_batch);
    }
  });
}

}  // namespace shiftadd::cli
