// NSGA-II (Deb et al. 2002): binary tournaments on (front, crowding) pick the parents of
// `mutations` mutants and `crossovers` children; the next population is the best `population` of
// old and new by constrained non-dominated fronts, the last front cut by crowding distance.
#include <algorithm>

#include "search/strategy/strategy.h"

namespace shiftadd::search {
namespace {

struct Ranked {
  std::vector<int> front;       // front index per member
  std::vector<double> crowding;  // crowding distance per member
};

Ranked rank(const std::vector<Evaluated>& pop, const std::vector<std::string>& objectives) {
  Ranked r{std::vector<int>(pop.size()), std::vector<double>(pop.size())};
  std::vector<Point> pts;
  for (const auto& e : pop) pts.push_back(objective_vector(e.m, objectives));
  const auto fronts = constrained_fronts(pop, objectives);
  for (size_t f = 0; f < fronts.size(); ++f) {
    const std::vector<double> d = crowding_distance(pts, fronts[f]);
    for (size_t k = 0; k < fronts[f].size(); ++k) {
      r.front[size_t(fronts[f][k])] = int(f);
      r.crowding[size_t(fronts[f][k])] = d[k];
    }
  }
  return r;
}

class Nsga2 : public Strategy {
 public:
  Nsga2(const StrategySpec& s, const std::vector<std::string>& objectives) : s_(s), objectives_(objectives) {}

  std::vector<Genome> propose(int g, const std::vector<Evaluated>& pop, Proposer& p) const override {
    if (g == 0 || pop.empty()) return random_candidates(g, s_.population, p);
    const Ranked rk = rank(pop, objectives_);
    auto tournament = [&](Rng& r) -> const Genome& {
      const size_t a = size_t(r.uniform_int(0, int64_t(pop.size()) - 1)), b = size_t(r.uniform_int(0, int64_t(pop.size()) - 1));
      if (rk.front[a] != rk.front[b]) return pop[rk.front[a] < rk.front[b] ? a : b].genome;
      if (rk.crowding[a] != rk.crowding[b]) return pop[rk.crowding[a] > rk.crowding[b] ? a : b].genome;
      return pop[std::min(a, b)].genome;
    };
    auto two = [&](Rng& r) -> std::pair<const Genome*, const Genome*> {
      const Genome* a = &tournament(r);
      return {a, &tournament(r)};
    };
    return breed(g, s_, p, tournament, two, s_.mutation_prob / 2);
  }

  std::vector<Evaluated> select(std::vector<Evaluated> pool) const override {
    std::sort(pool.begin(), pool.end(), [](const Evaluated& a, const Evaluated& b) { return a.key < b.key; });
    std::vector<Point> pts;
    for (const auto& e : pool) pts.push_back(objective_vector(e.m, objectives_));
    std::vector<Evaluated> next;
    for (const auto& front : constrained_fronts(pool, objectives_)) {
      if (next.size() + front.size() <= size_t(s_.population)) {
        for (int i : front) next.push_back(pool[size_t(i)]);
        continue;
      }
      const std::vector<double> d = crowding_distance(pts, front);
      std::vector<size_t> order(front.size());
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return d[a] > d[b]; });
      for (size_t k = 0; next.size() < size_t(s_.population); ++k) next.push_back(pool[size_t(front[order[k]])]);
      break;
    }
    return next;
  }

 private:
  StrategySpec s_;
  std::vector<std::string> objectives_;
};

}  // namespace

void register_nsga2(StrategyRegistry& r) {
  r.add("nsga2", [](const StrategySpec& s, const std::vector<std::string>& o) { return std::make_unique<Nsga2>(s, o); });
}

}  // namespace shiftadd::search
