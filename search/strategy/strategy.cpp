#include "search/strategy/strategy.h"

namespace shiftadd::search {

Rng candidate_rng(uint64_t seed, int generation, int index) {
  Rng base(seed ^ 0x5EA4C4ULL);
  return base.split((uint64_t(uint32_t(generation)) << 32) | uint32_t(index));
}

Proposer::Proposer(const GenomeSpace& genes, Random random, uint64_t seed, int max_tries, Admit admit)
    : genes_(genes), random_(std::move(random)), seed_(seed), max_tries_(max_tries), admit_(std::move(admit)) {}

std::optional<Genome> Proposer::offer(const Genome& g) {
  if (genes_.valid(g) && admit_(g)) return g;
  ++rejected_;
  return std::nullopt;
}

std::optional<Genome> Proposer::draw(int generation, int index, const std::function<Genome(Rng&)>& make) {
  Rng rng = candidate_rng(seed_, generation, index);
  for (int t = 0; t < max_tries_; ++t) {
    Genome g = make(rng);
    if (genes_.valid(g) && admit_(g)) return g;
    ++rejected_;
  }
  // The parents' neighbourhood is used up (all evaluated or over the limits): a random immigrant keeps
  // the generation's budget, as an evolutionary search with a converged population needs.
  for (int t = 0; t < max_tries_; ++t) {
    Genome g = random(rng);
    if (genes_.valid(g) && admit_(g)) {
      ++immigrants_;
      return g;
    }
    ++rejected_;
  }
  ++exhausted_;
  return std::nullopt;
}

std::vector<Genome> random_candidates(int g, int n, Proposer& p) {
  std::vector<Genome> out;
  for (int i = 0; i < n; ++i)
    if (auto c = p.draw(g, i, [&](Rng& r) { return p.random(r); })) out.push_back(std::move(*c));
  return out;
}

std::vector<Genome> breed(int g, const StrategySpec& s, Proposer& p, const PickOne& one, const PickTwo& two,
                          double child_mutation_prob) {
  std::vector<Genome> out;
  for (int i = 0; i < s.mutations; ++i)
    if (auto c = p.draw(g, i, [&](Rng& r) { return mutate(p.codec(), one(r), s.mutation_prob, r); }))
      out.push_back(std::move(*c));
  for (int i = 0; i < s.crossovers; ++i)
    if (auto c = p.draw(g, s.mutations + i, [&](Rng& r) {
          const auto [a, b] = two(r);
          const Genome child = crossover(*a, *b, r);
          return child_mutation_prob > 0 ? mutate(p.codec(), child, child_mutation_prob, r) : child;
        }))
      out.push_back(std::move(*c));
  return out;
}

bool better_lexicographic(const Evaluated& a, const Evaluated& b, const std::vector<std::string>& objectives) {
  if (a.violation != b.violation) return a.violation < b.violation;
  const Point pa = objective_vector(a.m, objectives), pb = objective_vector(b.m, objectives);
  if (pa != pb) return pa < pb;
  return a.key < b.key;
}

StrategyRegistry strategy_registry() {
  StrategyRegistry r;
  register_evolution(r);
  register_nsga2(r);
  register_random(r);
  register_grid(r);
  return r;
}

}  // namespace shiftadd::search
