#include "search/run_loop.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/error.h"

namespace shiftadd::search {
namespace fs = std::filesystem;

RunLoop::RunLoop(RunSpec spec, Problem& problem, const Strategy& strategy, const Executor& executor, uint64_t seed,
                 std::string dir, bool resume)
    : spec_(std::move(spec)), problem_(problem), strategy_(strategy), executor_(executor), dir_(std::move(dir)) {
  const std::string ck = dir_ + "/checkpoint.json";
  if (resume && fs::exists(ck)) {
    st_ = load_checkpoint(ck, dir_ + "/journal.jsonl");
    if (st_.digest != spec_.digest || st_.seed != seed)
      throw InputError(fmt::format("{}: the checkpoint was written by another config or seed (digest {}, seed {}; "
                                   "now {}, seed {}); resume with the config and --seed that started it",
                                   ck, st_.digest, st_.seed, spec_.digest, seed));
    for (size_t i = 0; i < st_.archive.size(); ++i) index_[st_.archive[i].key] = i;
  } else {
    st_.digest = spec_.digest;
    st_.seed = seed;
  }
}

const Evaluated* RunLoop::find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &st_.archive[it->second];
}

void RunLoop::check_reachable() {
  if (st_.next_generation > 0) return;
  std::map<std::string, int> taken;
  const SearchStats before = st_.stats;  // the probe is not part of the search
  for (int i = 0; i < spec_.constraints.max_tries; ++i) {
    Rng rng = candidate_rng(st_.seed, -1, i);
    const Genome g = problem_.random(rng);
    if (problem_.genes().valid(g) && admit(g, taken)) {
      st_.stats = before;
      return;
    }
  }
  fail_unreachable();
}

CostMetrics RunLoop::cached_cost(const Genome& g, const std::string& key) {
  auto it = costs_.find(key);
  if (it != costs_.end()) return it->second;
  const CostMetrics c = problem_.precost(g);
  if (!seen_any_) best_seen_ = c;
  best_seen_.energy_uj = std::min(best_seen_.energy_uj, c.energy_uj);
  best_seen_.latency_ms = std::min(best_seen_.latency_ms, c.latency_ms);
  best_seen_.area_mm2 = std::min(best_seen_.area_mm2, c.area_mm2);
  best_seen_.params = spec_.constraints.min_params ? std::max(best_seen_.params, c.params)
                                                   : std::min(best_seen_.params, c.params);
  seen_any_ = true;
  return costs_.emplace(key, c).first->second;
}

bool RunLoop::admit(const Genome& g, std::map<std::string, int>& taken) {
  const std::string key = problem_.key(g);
  if (taken.count(key) || index_.count(key)) {  // each candidate is evaluated once: redraw instead
    ++st_.stats.duplicates;
    return false;
  }
  if (violation(cached_cost(g, key), spec_.constraints) > 0) return false;
  taken.emplace(key, 1);
  return true;
}

void RunLoop::fail_unreachable() const {
  const std::string noun = problem_.noun();
  const std::string best = seen_any_ ? problem_.best_seen(best_seen_, spec_.constraints) : fmt::format("no {} was drawn", noun);
  throw InputError(fmt::format("{}: constraints: no {} met the limits in {} random draws (constraints.max_tries); {}",
                               spec_.file, noun, spec_.constraints.max_tries, best));
}

std::vector<Evaluated> RunLoop::evaluate(int generation, const std::vector<Genome>& genomes) {
  std::vector<Evaluated> out(genomes.size());
  std::vector<CostMetrics> pre(genomes.size());
  for (size_t i = 0; i < genomes.size(); ++i) {
    out[i].genome = genomes[i];
    out[i].key = problem_.key(genomes[i]);  // new: admit() saw to it
    out[i].generation = generation;
    pre[i] = cached_cost(genomes[i], out[i].key);
  }
  const std::vector<Metrics> scored = executor_.score(problem_, genomes, pre);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].m = scored.at(i);
    out[i].violation = violation(out[i].m, spec_.constraints);
  }
  return out;
}

GenerationLog RunLoop::log_generation(int generation) const {
  GenerationLog h;
  h.generation = generation;
  h.evaluations = st_.stats.evaluations;
  const std::vector<int> f = front();
  h.front_size = int(f.size());
  std::vector<Point> pts;
  for (int i : f) pts.push_back(objective_vector(st_.archive[size_t(i)].m, spec_.objectives));
  h.hypervolume = hypervolume(pts, reference_point(spec_.reference, spec_.objectives));
  for (const auto& o : spec_.objectives) {
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

void RunLoop::run(std::ostream& progress, const std::string& label, int stop_after) {
  fs::create_directories(dir_);
  Journal journal(dir_ + "/journal.jsonl", st_.journal_bytes);
  std::vector<Evaluated> population;
  for (const auto& k : st_.population) population.push_back(st_.archive.at(index_.at(k)));
  const int gens = spec_.strategy.generations;
  const int last = stop_after >= 0 ? std::min(stop_after, gens) : gens;
  for (int g = st_.next_generation; g < last; ++g) {
    const auto t0 = std::chrono::steady_clock::now();
    const int64_t evaluated_before = st_.stats.evaluations, duplicates_before = st_.stats.duplicates;
    std::map<std::string, int> taken;
    for (const auto& e : population) taken.emplace(e.key, 1);
    Proposer proposer(problem_.genes(), [&](Rng& r) { return problem_.random(r); }, st_.seed,
                      spec_.constraints.max_tries, [&](const Genome& gn) { return admit(gn, taken); });
    const std::vector<Genome> genomes = strategy_.propose(g, population, proposer);
    st_.stats.rejected += proposer.rejected() - (st_.stats.duplicates - duplicates_before);
    st_.stats.exhausted += proposer.exhausted();
    st_.stats.immigrants += proposer.immigrants();
    if (genomes.empty() && population.empty() && !strategy_.exhaustive()) fail_unreachable();
    std::vector<Evaluated> pool = population;
    for (const Evaluated& e : evaluate(g, genomes)) {
      index_[e.key] = st_.archive.size();
      st_.archive.push_back(e);
      journal.append(e, problem_.source());
      ++st_.stats.evaluations;
      pool.push_back(e);
    }
    population = strategy_.select(std::move(pool));
    st_.population.clear();
    for (const auto& e : population) st_.population.push_back(e.key);
    st_.history.push_back(log_generation(g));
    st_.next_generation = g + 1;
    st_.journal_bytes = journal.bytes();
    save_checkpoint(st_, dir_ + "/checkpoint.json");
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const GenerationLog& h = st_.history.back();
    std::string best;
    for (size_t i = 0; i < spec_.objectives.size(); ++i) best += fmt::format(" {} {:.6g}", spec_.objectives[i], h.best[i]);
    const int64_t fresh = st_.stats.evaluations - evaluated_before;
    progress << fmt::format("{} gen {}/{}: {} evaluated ({} new, {:.1f}/s), front {},{} hv {:.6g}, rejected {} (limits) + {} (duplicates), immigrants {}, exhausted {}\n",
                            label, g + 1, gens, st_.stats.evaluations, fresh, double(fresh) / std::max(s, 1e-9),
                            h.front_size, best, h.hypervolume, st_.stats.rejected, st_.stats.duplicates,
                            st_.stats.immigrants, st_.stats.exhausted)
             << std::flush;
  }
}

}  // namespace shiftadd::search
