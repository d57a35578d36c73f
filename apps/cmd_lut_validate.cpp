// `shiftadd lut-validate`: LUT predictions vs whole-network simulation (SystemC timing-only array
// model) for random subnets: RMSE, RMSPE, share within 5% / 10%, Kendall tau, for latency and energy.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "apps/lut_common.h"
#include "core/rng.h"
#include "sim/array_sim.h"

namespace shiftadd::cli {
namespace {

struct ValidateOptions {
  std::string hw, space, lut;
  int n = 500;
  uint64_t seed = 1;
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

std::string metrics(const char* what, const std::vector<double>& pred, const std::vector<double>& sim) {
  double se = 0, spe = 0;
  int in5 = 0, in10 = 0;
  for (size_t i = 0; i < sim.size(); ++i) {
    const double d = pred[i] - sim[i], rel = sim[i] != 0 ? d / sim[i] : 0.0;
    se += d * d, spe += rel * rel;
    in5 += std::abs(rel) <= 0.05, in10 += std::abs(rel) <= 0.10;
  }
  const double n = double(sim.size());
  return fmt::format("{:<8} RMSE {:.6g}  RMSPE {:.4f}%  within 5%: {:.1f}%  within 10%: {:.1f}%  Kendall tau {:.4f}\n", what,
                     std::sqrt(se / n), 100 * std::sqrt(spe / n), 100 * in5 / n, 100 * in10 / n, kendall_tau(pred, sim));
}

void run_validate(const ValidateOptions& o) {
  if (o.n < 2) throw InputError("lut-validate: --n must be at least 2");
  const SearchSpace space = load_space(o.space);
  const Lut lut = load_lut(o.lut);
  const Accelerator acc(load_accel_config(o.hw), "systemc");
  if (lut.hw_file != lut_header(acc, space, o.hw, o.space).hw_file)
    throw InputError(fmt::format("{}: LUT was built from other hw/space files (or they changed); rebuild it", o.lut));
  ArraySim::instance().set_clock_mhz(acc.config().hw.clock_mhz);
  Rng rng(o.seed);
  std::vector<double> pl, sl, pe, se;
  for (int i = 0; i < o.n; ++i) {
    const workload::Network net = arch_to_network(space, sample_arch(space, rng));
    const LayerCost p = predict(lut, net);
    const NetReport r = acc.simulate(net);
    pl.push_back(acc.latency_ns(p.cycles)), sl.push_back(acc.latency_ns(r.total.cycles));
    pe.push_back(p.energy.total_pj()), se.push_back(r.total.energy.total_pj());
  }
  std::cout << fmt::format("{} random subnets of '{}' on '{}' (seed {})\n", o.n, space.name, acc.config().hw.name, o.seed)
            << metrics("latency", pl, sl) << metrics("energy", pe, se);
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
  cmd->add_option("--seed", o->seed, "Seed of the subnet sampler")->capture_default_str();
  cmd->callback([o] { run_validate(*o); });
}

}  // namespace shiftadd::cli
