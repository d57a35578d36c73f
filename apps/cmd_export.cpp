// shiftadd export --supernet runs/<name> --arch <subnet.yaml> --out <dir>: standalone subnet (config + .npy).
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/run_dir.h"
#include "models/supernet/task.h"

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
    const std::unique_ptr<nn::SubnetEvaluator> run = nn::load_run(o->run);
    const Arch arch = load_arch(o->arch, run->space());
    check_output_dir(o->out, false, "");  // an export never writes into a used folder (a run's arch.yaml)
    run->export_subnet(arch, o->out);
    std::cout << "exported " << o->arch << " -> " << o->out << "/{arch.yaml,manifest.json,weights/}\n";
  });
}

}  // namespace shiftadd::cli
