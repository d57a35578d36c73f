// `shiftadd lut-validate`: LUT predictions vs whole-network simulation (SystemC timing-only array
// model) for random subnets: RMSE, RMSPE, share within 5% / 10%, Kendall tau and the worst subnet,
// for latency and energy. --plain also scores the sum-of-parts table without residency context
// (every layer from and to DRAM), so the report shows what activation reuse and branch scheduling
// each cost the plain table.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "apps/cli_checks.h"
#include "apps/commands.h"
#include "apps/lut_common.h"
#include "core/rng.h"
#include "sim/array_sim.h"
#include "sim/systemc_backend.h"

namespace shiftadd::cli {
namespace {

struct ValidateOptions {
  std::string hw, space, lut;
  int n = 500;
  uint64_t seed = 1;
  bool plain = false;
};

// Kendall tau-b (ties in either ranking, e.g. the same subnet sampled twice, do not count against it).
double kendall_tau(const std::vector<double>& a, const std::vector<double>& b) {
  int64_t conc = 0, disc = 0, untied_a = 0, untied_b = 0;
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = i + 1; j < a.size(); ++j) {
      const double s = (a[i] - a[j]) * (b[i] - b[j]);
      conc += s > 0, disc += s < 0;
      untied_a += a[i] != a[j], untied_b += b[i] != b[j];
    }
  const double denom = std::sqrt(double(untied_a) * double(untied_b));
  return denom > 0 ? double(conc - disc) / denom : 1.0;
}

std::string metrics(const char* what, const std::vector<double>& pred, const std::vector<double>& sim,
                    const std::vector<std::string>& names) {
  double se = 0, spe = 0, worst = -1;
  int in5 = 0, in10 = 0;
  size_t wi = 0;
  for (size_t i = 0; i < sim.size(); ++i) {
    const double d = pred[i] - sim[i], rel = sim[i] != 0 ? d / sim[i] : 0.0;
    se += d * d, spe += rel * rel;
    in5 += std::abs(rel) <= 0.05, in10 += std::abs(rel) <= 0.10;
    if (std::abs(rel) > worst) worst = std::abs(rel), wi = i;
  }
  const double n = double(sim.size());
  return fmt::format("{:<8} RMSE {:.6g}  RMSPE {:.4f}%  within 5%: {:.1f}%  within 10%: {:.1f}%  Kendall tau {:.4f}\n"
                     "         worst: subnet {} ({:+.2f}%: LUT {:.6g}, sim {:.6g}) {}\n",
                     what, std::sqrt(se / n), 100 * std::sqrt(spe / n), 100 * in5 / n, 100 * in10 / n,
                     kendall_tau(pred, sim), wi, 100 * (pred[wi] - sim[wi]) / sim[wi], pred[wi], sim[wi], names[wi]);
}

struct Series {
  std::vector<double> lat, energy;
  void add(const Accelerator& acc, const LayerCost& c) {
    lat.push_back(acc.latency_ns(c.cycles)), energy.push_back(c.energy.total_pj());
  }
};

void run_validate(const ValidateOptions& o) {
  if (o.n < 2) throw InputError("lut-validate: --n must be at least 2");
  const SearchSpace space = load_space(o.space);
  const Lut lut = load_lut(o.lut);
  ArraySim session;  // this command owns the process's one SystemC session
  const Accelerator acc(load_accel_config(o.hw), make_systemc_backend(session));
  if (lut.hw_file != lut_header(acc, space, o.hw, o.space).hw_file)
    throw InputError(fmt::format("{}: LUT was built from other hw/space files (or they changed); rebuild it", o.lut));
  session.set_clock_mhz(acc.config().hw.clock_mhz);
  Rng rng(o.seed);
  std::vector<workload::Network> nets;
  std::vector<std::string> names;
  for (int i = 0; i < o.n; ++i) {
    const Arch a = sample_arch(space, rng);
    nets.push_back(arch_to_network(space, a)), names.push_back(arch_key(a, space));
  }
  Series sim, ctx, plain;
  for (const workload::Network& net : nets) sim.add(acc, acc.simulate(net).total), ctx.add(acc, predict(lut, net));
  std::cout << fmt::format("{} random subnets of '{}' on '{}' (seed {}, reuse {})\n", o.n, space.name, acc.config().hw.name,
                           o.seed, acc.config().reuse_layer_to_layer ? "layer_to_layer" : "none")
            << "LUT with residency context (ideal branch overlap) vs simulation:\n"
            << metrics("latency", ctx.lat, sim.lat, names) << metrics("energy", ctx.energy, sim.energy, names);
  if (!o.plain) return;
  Lut flat = lut;  // same entries where the contexts agree; the rest costed now
  flat.rule = ResidencyRule{};
  fill_lut(flat, Accelerator(acc.config()), nets, nn::tbb_index_loop);
  for (const workload::Network& net : nets) plain.add(acc, predict(flat, net));
  std::cout << "plain sum-of-parts LUT (every layer from and to DRAM, ideal branch overlap) vs simulation:\n"
            << metrics("latency", plain.lat, sim.lat, names) << metrics("energy", plain.energy, sim.energy, names);
}

}  // namespace

void add_lut_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("lut-validate", "Compare LUT predictions with whole-network simulation of random subnets");
  cmd->footer("Example: shiftadd lut-validate --hw configs/hw/hybrid.yaml --space configs/space/cv_imagenet.yaml --lut lut.json --n 500 --seed 1");
  cmd->add_option("--hw", o->hw, "Hardware config the LUT was built for")->required();
  cmd->add_option("--space", o->space, "Search space YAML")->required();
  cmd->add_option("--lut", o->lut, "LUT JSON")->required();
  cmd->add_option("--n", o->n, "Number of random subnets")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the subnet sampler")->check(seed_check())->capture_default_str();
  cmd->add_flag("--plain", o->plain, "Also score the plain sum-of-parts table (no residency context)");
  cmd->callback([o] { run_validate(*o); });
}

}  // namespace shiftadd::cli
