// shiftadd train --space <space.yaml> --out runs/<name>: trains a supernet of the space's task
// (models/supernet/task.h).
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/run_dir.h"
#include "apps/data_paths.h"
#include "core/error.h"
#include "core/text_file.h"
#include "models/supernet/task.h"

namespace shiftadd::cli {
namespace {

// A fine-tune keeps the parameterisation of the run it starts from (its weights are named for it):
// the run's --share unless one is given, and then it must agree.
std::string init_from_mode(const std::string& run, const std::string& given, bool explicit_share) {
  const std::string path = run + "/run.json";
  if (!std::filesystem::exists(path)) return given;  // the loader names what is missing
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(read_text_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path, std::string("not JSON: ") + e.what());
  }
  if (!j.contains("mode")) return given;
  const std::string mode = j.at("mode").get<std::string>();
  if (explicit_share && mode != given)
    throw InputError(fmt::format("--share {}: --init-from {} was trained with --share {} and its weights are named "
                                 "for it; omit --share (the run's is used) or pass --share {}", given, run, mode, mode));
  return mode;
}

}  // namespace

void add_train(CLI::App& app) {
  auto opt = std::make_shared<nn::TrainOptions>();
  opt->data_dir = kFashionMnistDir;
  auto mode = std::make_shared<std::string>("heterogeneous");
  CLI::App* sub = app.add_subcommand("train", "train a hybrid supernet (one random path per step)");
  sub->add_option("--space", opt->space_path, "search space YAML (configs/space/*.yaml)");
  sub->add_option("--out", opt->out_dir, "run directory (runs/<name>)")->required();
  sub->add_option("--steps", opt->steps, "training steps")->check(CLI::Range(int64_t(1), int64_t(1) << 40))->capture_default_str();
  sub->add_option("--seed", opt->seed, "seed (paths, init, data order)")->check(seed_check())->capture_default_str();
  sub->add_option("--batch", opt->batch_size, "batch size")->check(CLI::Range(int64_t(1), int64_t(1) << 20))->capture_default_str();
  sub->add_option("--lr", opt->lr, "AdamW peak learning rate (cosine schedule)")
      ->check(finite_range(1e-12, 10.0))->capture_default_str();
  CLI::Option* kl = sub->add_option("--kl-coef", opt->kl_coef,
                                    "weight of the KL terms (default: 10 for CV spaces, as the paper; 0 for NLP)")
                        ->check(finite_range(0.0, 1e6));
  CLI::Option* share = sub->add_option("--share", *mode,
                                       "weight sharing: independent | naive | heterogeneous (with --init-from: the run's)")
                           ->capture_default_str();
  sub->add_option("--ckpt-every", opt->ckpt_every, "checkpoint every N steps (and at the end)")
      ->check(CLI::Range(int64_t(1), int64_t(1) << 40))->capture_default_str();
  sub->add_option("--log-every", opt->log_every, "progress line every N steps")
      ->check(CLI::Range(int64_t(1), int64_t(1) << 40))->capture_default_str();
  sub->add_option("--train-limit", opt->train_limit, "use only the first N training images")->capture_default_str();
  sub->add_option("--data-dir", opt->data_dir, "Fashion-MNIST IDX directory")->capture_default_str();
  sub->add_option("--arch", opt->arch_path, "train only this subnet (standalone, from scratch)");
  sub->add_option("--init-from", opt->init_from, "start from the weights of this run (fine-tune with --arch)");
  sub->add_flag("--sandwich", opt->sandwich, "sandwich rule: deepest + shallowest + random path per step");
  CLI::Option* resume =
      sub->add_flag("--resume", opt->resume, "continue <out>/checkpoint.bin with the options in <out>/run.json");
  // A resumed run keeps its saved options (so that it ends as the uninterrupted run would): refuse
  // any other option rather than ignore it.
  for (CLI::Option* o : sub->get_options())
    if (o != resume && o->get_name() != "--out" && o->get_name() != "--help") resume->excludes(o);
  sub->callback([opt, mode, kl, share] {
    if (!opt->init_from.empty()) *mode = init_from_mode(opt->init_from, *mode, share->count() > 0);
    opt->mode = nn::parse_share_mode(*mode);
    if (!opt->resume && opt->space_path.empty()) throw InputError("train: --space is required (unless --resume)");
    check_output_dir(opt->out_dir, opt->resume, "run.json");  // never replace a run unless resuming it
    opt->log = &std::cerr;
    // --data-dir names the dictd directory for NLP spaces when it is not the Fashion-MNIST default.
    nn::TrainRequest req{*opt, opt->data_dir == kFashionMnistDir ? kDictdDir : opt->data_dir, kl->count() > 0};
    const nn::TrainSummary s = nn::train_run(req);
    std::cout << fmt::format("trained {} steps: loss {:.4f}, {:.0f} {}/s -> {}/checkpoint.bin\n", s.step, s.last_loss,
                             s.samples_per_s, s.sample_unit, opt->out_dir);
  });
}

}  // namespace shiftadd::cli
