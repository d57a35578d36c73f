#pragma once
// A search strategy proposes each generation's candidates from the current population and picks the
// next population from the old one plus the evaluated candidates. It keeps no state of its own, so
// the driver's checkpoint (population + archive) is the whole search state.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/registry.h"
#include "core/rng.h"
#include "search/genome.h"
#include "search/objective.h"
#include "search/search_config.h"

namespace shiftadd::search {

// Draws candidates by bounded rejection. Candidate i of generation g draws from its own stream
// (candidate_rng), so the candidates never depend on how evaluation is scheduled.
class Proposer {
 public:
  using Admit = std::function<bool(const Genome&)>;
  using Random = std::function<Genome(Rng&)>;  // a uniform member of the space, as the problem defines it
  Proposer(const GenomeSpace& genes, Random random, uint64_t seed, int max_tries, Admit admit);
  // Calls make until admit accepts (at most max_tries), then random subnets (at most max_tries more,
  // counted as immigrants); nullopt when every try was rejected.
  std::optional<Genome> draw(int generation, int index, const std::function<Genome(Rng&)>& make);
  // One fixed candidate (an exhaustive grid): admitted or not, with no redraw; a rejection is counted.
  std::optional<Genome> offer(const Genome& g);
  Genome random(Rng& rng) const { return random_(rng); }
  const GenomeSpace& codec() const { return genes_; }
  int64_t rejected() const { return rejected_; }
  int64_t exhausted() const { return exhausted_; }
  int64_t immigrants() const { return immigrants_; }

 private:
  const GenomeSpace& genes_;
  Random random_;
  uint64_t seed_;
  int max_tries_;
  Admit admit_;
  int64_t rejected_ = 0, exhausted_ = 0, immigrants_ = 0;
};
Rng candidate_rng(uint64_t seed, int generation, int index);

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Generation 0 is the initial population; later ones breed from `population`.
  virtual std::vector<Genome> propose(int generation, const std::vector<Evaluated>& population, Proposer& p) const = 0;
  virtual std::vector<Evaluated> select(std::vector<Evaluated> pool) const = 0;
  // An exhaustive strategy may propose nothing in a generation (every design of it over a limit).
  virtual bool exhaustive() const { return false; }
};

using StrategyRegistry = Registry<Strategy, const StrategySpec&, const std::vector<std::string>&>;
StrategyRegistry strategy_registry();
void register_evolution(StrategyRegistry& r);
void register_nsga2(StrategyRegistry& r);
void register_random(StrategyRegistry& r);
void register_grid(StrategyRegistry& r);

// The candidate loops both evolutionary strategies share. random_candidates: `n` uniform subnets.
// breed: `mutations` mutants of one(rng), then `crossovers` children of two(rng) (each child mutated
// again with child_mutation_prob), candidate indices in that order.
using PickOne = std::function<const Genome&(Rng&)>;
using PickTwo = std::function<std::pair<const Genome*, const Genome*>(Rng&)>;
std::vector<Genome> random_candidates(int generation, int n, Proposer& p);
std::vector<Genome> breed(int generation, const StrategySpec& s, Proposer& p, const PickOne& one, const PickTwo& two,
                          double child_mutation_prob);

// Best first under constrained domination on the objectives in order (lexicographic), then by key.
bool better_lexicographic(const Evaluated& a, const Evaluated& b, const std::vector<std::string>& objectives);

}  // namespace shiftadd::search
