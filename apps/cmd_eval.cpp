// shiftadd eval --supernet runs/<name> --arch <subnet.yaml> [--bn-recalib N]: inherited-weight accuracy (CV)
// or BLEU (NLP) through the task-polymorphic evaluator (models/supernet/task.h). --hil <hw> also runs
// the int8 path with every GEMM on that accelerator's SystemC arrays (apps/hil_arrays.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/data_paths.h"
#include "apps/hil_arrays.h"
#include "core/error.h"
#include "cost/accel/accel_config.h"
#include "models/supernet/task.h"

namespace shiftadd::cli {

void add_eval(CLI::App& app) {
  struct Opts {
    std::string run, arch;
    nn::SubnetEvalOptions eval;
    std::string quant = "none";
    bool float_attn = false;
    std::string hil_hw;
    std::string kernels = "eigen";
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
  sub->add_option("--quant", o->quant, "also run the subnet with the integer PE kernels (int8)")
      ->check(CLI::IsMember({"none", "int8"}))->capture_default_str();
  sub->add_option("--calib-batches", o->eval.calib_batches, "--quant: activation-range calibration batches (CV: of the BN-recalibration batch size; NLP: of 128 phrase pairs)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  sub->add_option("--kernels", o->kernels,
                  "CV float kernels: eigen (the recorded results) or fixed (run-time vectorised, one summation order "
                  "on every CPU, last bits differ; models/ops/gemm_fixed.h)")
      ->check(CLI::IsMember({"eigen", "fixed"}))->capture_default_str();
  sub->add_flag("--float-attn", o->float_attn, "CV --quant: keep the attention blocks in float");
  sub->add_option("--hil", o->hil_hw,
                  "also run the int8 subnet (CV: image by image; NLP: greedy decoding) on this accelerator's SystemC "
                  "arrays (hw config); prints its metric, cycles and energy and checks its logits against the int8 "
                  "path bit for bit");
  sub->callback([o] {
    o->eval.int8 = o->quant == "int8";
    o->eval.int8_attention = !o->float_attn;
    o->eval.cv.kernels = nn::parse_kernels(o->kernels);
    const std::unique_ptr<nn::SubnetEvaluator> run = nn::load_run(o->run);
    const Arch arch = load_arch(o->arch, run->space());
    std::unique_ptr<Accelerator> acc;
    if (!o->hil_hw.empty()) {  // checked before the (long) evaluation starts
      acc = std::make_unique<Accelerator>(load_accel_config(o->hil_hw));
    }
    run->report(arch, o->eval, std::cout);
    if (!acc) return;
    search::AccuracySpec spec;
    const bool nlp = run->space().task == Task::kNlp;
    spec.data_dir = nlp ? o->eval.nlp.dictd_dir : o->eval.cv.data_dir;
    spec.bn_recalib_batches = o->eval.cv.bn_recalib;
    spec.test_limit = nlp && o->eval.nlp.limit > 0 ? o->eval.nlp.limit : o->eval.cv.test_limit;
    ArraySim session;
    const search::HilResult h = make_hil(o->run, spec, o->eval.calib_batches, 0, *acc, session)->run(arch);
    const char* unit = nlp ? "phrases" : "images";
    std::cout << fmt::format("hil on {}: {} {:.4f} over {} {} ({} GEMMs on the SystemC arrays), int8 path {:.4f}, "
                             "logits bit-exact: {} ({} {} differ); array cycles {}, array energy {:.4g} uJ\n",
                             acc->config().hw.name, h.metric, h.test_metric_hil, h.images, unit, h.gemms,
                             h.test_metric_int8, h.bitexact ? "yes" : "NO", h.mismatched_images, unit, h.array_cycles,
                             h.array_energy_uj);
    if (!h.bitexact) throw DataError(o->run, "hil: the simulated logits differ from the int8 path's");
  });
}

}  // namespace shiftadd::cli
