#include "search/search_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/error.h"

namespace shiftadd::search {
namespace fs = std::filesystem;

SearchRun::SearchRun(const SearchParts& parts, uint64_t seed, std::string dir, bool resume)
    : parts_(parts), dir_(std::move(dir)) {
  const std::string ck = dir_ + "/checkpoint.json";
  if (resume && fs::exists(ck)) {
    st_ = load_checkpoint(ck);
    if (st_.digest != config_digest(parts_.cfg) || st_.seed != seed)
      throw InputError(fmt::format("{}: the checkpoint was written by another config or seed (digest {}, seed {}; "
                                   "now {}, seed {}); resume with the config and --seed that started it",
                                   ck, st_.digest, st_.seed, config_digest(parts_.cfg), seed));
    for (size_t i = 0; i < st_.archive.size(); ++i) index_[st_.archive[i].key] = i;
  } else {
    st_.digest = config_digest(parts_.cfg);
    st_.seed = seed;
  }
}

void SearchRun::check_reachable() {
  if (st_.next_generation > 0) return;
  std::map<std::string, int> taken;
  const SearchStats before = st_.stats;  // the probe is not part of the search
  for (int i = 0; i < parts_.cfg.constraints.max_tries; ++i) {
    Rng rng = candidate_rng(st_.seed, -1, i);
    const Genome g = random_genome(parts_.codec, parts_.space, rng);
    if (admit(g, taken)) {
      st_.stats = before;
      return;
    }
  }
  fail_unreachable();
}

CostMetrics SearchRun::cached_cost(const Genome& g, const std::string& key) {
  auto it = costs_.find(key);
  if (it != costs_.end()) return it->second;
  const Arch a = parts_.codec.decode(g);
  CostMetrics c = parts_.cost.cost(a);
  if (parts_.cfg.constraints.max_params || parts_.cfg.constraints.min_params) c.params = subnet_params(parts_.space, a);
  if (!seen_any_) best_seen_ = c;
  best_seen_.energy_uj = std::min(best_seen_.energy_uj, c.energy_uj);
  best_seen_.latency_ms = std::min(best_seen_.latency_ms, c.latency_ms);
  best_seen_.params = parts_.cfg.constraints.min_params ? std::max(best_seen_.params, c.params)
                                                        : std::min(best_seen_.params, c.params);
  seen_any_ = true;
  return costs_.emplace(key, c).first->second;
}

bool SearchRun::admit(const Genome& g, std::map<std::string, int>& taken) {
  const std::string key = arch_key(parts_.codec.decode(g), parts_.space);
  if (taken.count(key) || index_.count(key)) {  // each subnet is evaluated once: redraw instead
    ++st_.stats.duplicates;
    return false;
  }
  if (violation(cached_cost(g, key), parts_.cfg.constraints) > 0) return false;
  taken.emplace(key, 1);
  return true;
}

void SearchRun::fail_unreachable() const {
  const Constraints& k = parts_.cfg.constraints;
  std::string best = seen_any_ ? fmt::format("best seen: energy {:.6g} uJ, latency {:.6g} ms, params {}",
                                             best_seen_.energy_uj, best_seen_.latency_ms, best_seen_.params)
                               : std::string("no subnet was drawn");
  if (!k.max_params && !k.min_params) best = best.substr(0, best.rfind(", params"));
  throw InputError(fmt::format("{}: constraints: no subnet met the limits in {} random draws (constraints.max_tries); {}",
                               parts_.cfg.file, k.max_tries, best));
}

std::vector<Evaluated> SearchRun::evaluate(int generation, const std::vector<Genome>& genomes) {
  std::vector<Evaluated> out(genomes.size());
  std::vector<size_t> fresh;
  for (size_t i = 0; i < genomes.size(); ++i) {
    const std::string key = arch_key(parts_.codec.decode(genomes[i]), parts_.space);  // new: admit() saw to it
    out[i].genome = genomes[i];
    out[i].key = key;
    out[i].generation = generation;
    out[i].m.cost = cached_cost(genomes[i], key);
    fresh.push_back(i);
  }
  const std::string metric = parts_.accuracy.metric();
  parts_.executor.map(int64_t(fresh.size()), [&](int w, int64_t j) {
    Evaluated& e = out[fresh[size_t(j)]];
    const Arch a = parts_.codec.decode(e.genome);
    e.m.metric = metric;
    e.m.accuracy = parts_.accuracy.score(w, a);
    e.m.cost.params = subnet_params(parts_.space, a);
    e.violation = violation(e.m, parts_.cfg.constraints);
  });
  return out;
}

GenerationLog SearchRun::log_generation(int generation) const {
  GenerationLog h;
  h.generation = generation;
  h.evaluations = st_.stats.evaluations;
  const std::vector<int> f = front();
  h.front_size = int(f.size());
  std::vector<Point> pts;
  for (int i : f) pts.push_back(objective_vector(st_.archive[size_t(i)].m, parts_.cfg.objectives));
  h.hypervolume = hypervolume(pts, reference_point(parts_.cfg.report, parts_.cfg.objectives));
  for (const auto& o : parts_.cfg.objectives) {
    double best = 0;
    bool any = false;
    for (int i : f) {
      const double v = objective_value(st_.archive[size_t(i)].m, o);
      best = !any ? v : maximised(o) ? std::max(best, v) : std::min(best, v);
      any = true;
    }
    h.best.push_back(best);
  }
  return h;
}

void SearchRun::run(std::ostream& progress, const std::string& label, int stop_after) {
  const SearchConfig& cfg = parts_.cfg;
  fs::create_directories(dir_);
  Journal journal(dir_ + "/journal.jsonl", st_.journal_bytes);
  std::vector<Evaluated> population;
  for (const auto& k : st_.population) population.push_back(st_.archive.at(index_.at(k)));
  const int last = stop_after >= 0 ? std::min(stop_after, cfg.strategy.generations) : cfg.strategy.generations;
  for (int g = st_.next_generation; g < last; ++g) {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t evaluated_before = st_.stats.evaluations, duplicates_before = st_.stats.duplicates;
    std::map<std::string, int> taken;
    for (const auto& e : population) taken.emplace(e.key, 1);
    Proposer proposer(parts_.codec, parts_.space, st_.seed, cfg.constraints.max_tries,
                      [&](const Genome& gn) { return admit(gn, taken); });
    const std::vector<Genome> genomes = parts_.strategy.propose(g, population, proposer);
    st_.stats.rejected += proposer.rejected() - (st_.stats.duplicates - duplicates_before);
    st_.stats.exhausted += proposer.exhausted();
    st_.stats.immigrants += proposer.immigrants();
    if (genomes.empty() && population.empty()) fail_unreachable();
    std::vector<Evaluated> evaluated = evaluate(g, genomes);
    std::vector<Evaluated> pool = population;
    for (const Evaluated& e : evaluated) {
      index_[e.key] = st_.archive.size();
      st_.archive.push_back(e);
      journal.append(e, parts_.cost.source());
      ++st_.stats.evaluations;
      pool.push_back(e);
    }
    population = parts_.strategy.select(std::move(pool));
    st_.population.clear();
    for (const auto& e : population) st_.population.push_back(e.key);
    st_.history.push_back(log_generation(g));
    st_.next_generation = g + 1;
    st_.journal_bytes = journal.bytes();
    save_checkpoint(st_, dir_ + "/checkpoint.json");
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const GenerationLog& h = st_.history.back();
    std::string best;
    for (size_t i = 0; i < cfg.objectives.size(); ++i) best += fmt::format(" {} {:.6g}", cfg.objectives[i], h.best[i]);
    const int64_t fresh = st_.stats.evaluations - evaluated_before;
    progress << fmt::format("{} gen {}/{}: {} evaluated ({} new, {:.1f}/s), front {},{} hv {:.6g}, rejected {} (limits) + {} (duplicates), immigrants {}, exhausted {}\n",
                            label, g + 1, cfg.strategy.generations, st_.stats.evaluations, fresh,
                            double(fresh) / std::max(s, 1e-9), h.front_size, best, h.hypervolume,
                            st_.stats.rejected, st_.stats.duplicates, st_.stats.immigrants, st_.stats.exhausted)
             << std::flush;
  }
}

Evaluated SearchRun::evaluate_one(const Arch& arch) {
  Evaluated e;
  e.genome = parts_.codec.encode(arch);
  e.key = arch_key(arch, parts_.space);
  if (auto it = index_.find(e.key); it != index_.end()) return st_.archive[it->second];  // the search measured it
  e.m.metric = parts_.accuracy.metric();
  e.m.accuracy = parts_.accuracy.score(0, arch);
  e.m.cost = parts_.cost.cost(arch);
  e.m.cost.params = subnet_params(parts_.space, arch);
  e.violation = violation(e.m, parts_.cfg.constraints);
  return e;
}

}  // namespace shiftadd::search
