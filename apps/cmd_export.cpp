// shiftadd export --supernet runs/<name> --arch <subnet.yaml> --out <dir>: standalone subnet (config + .npy).
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "models/supernet/nlp_train.h"
#include "models/supernet/trainer.h"

namespace shiftadd::cli {

void add_export(CLI::App& app) {
  struct Opts {
    std::string run, arch, out;
  };
  auto o = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand("export", "write a subnet's config and sliced weights (.npy)");
  sub->add_option("--supernet", o->run, "run directory written by shiftadd train")->required();
  sub->add_option("--arch", o->arch, "subnet YAML")->required();
  sub->add_option("--out", o->out, "output directory")->required();
  sub->callback([o] {
    if (nn::space_task(o->run) == Task::kNlp) {
      nn::NlpRun run = nn::load_nlp_run(o->run);
      nn::export_nlp_subnet(run, load_arch(o->arch, run.space), o->out);
    } else {
      nn::LoadedRun run = nn::load_run(o->run);
      nn::export_subnet(run, load_arch(o->arch, run.space), o->out);
    }
    std::cout << "exported " << o->arch << " -> " << o->out << "/{arch.yaml,manifest.json,weights/}\n";
  });
}

}  // namespace shiftadd::cli
