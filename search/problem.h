#pragma once
// What the generation loop (run_loop.h) searches: a genome space with a key, a cheap pre-admission cost
// (checked against the limits before a candidate is accepted, by bounded rejection) and a score for
// admitted candidates (run by the executor's workers). Subnets (subnet_problem.h) and accelerator
// designs (dse/dse_problem.h) implement it.
#include <string>

#include "core/rng.h"
#include "search/genome.h"
#include "search/objective.h"

namespace shiftadd::search {

class Problem {
 public:
  virtual ~Problem() = default;
  virtual const GenomeSpace& genes() const = 0;
  virtual Genome random(Rng& rng) const = 0;       // uniform over the space as the problem defines it
  virtual std::string key(const Genome& g) const = 0;  // deduplication key: equal keys, equal results
  virtual std::string source() const = 0;          // the journal's cost source ("lut", "sim", "analytic")
  virtual std::string noun() const = 0;            // "subnet" | "design": for messages
  // Cheap metrics the cost limits are checked on before admission (the search caches them by key).
  virtual CostMetrics precost(const Genome& g) const = 0;
  // The full metrics of an admitted candidate on executor worker w, from its precost. Depends only on g.
  virtual Metrics score(int w, const Genome& g, const CostMetrics& pre) = 0;
  // "best seen: ..." for the error when no random candidate meets the limits.
  virtual std::string best_seen(const CostMetrics& best, const Constraints& k) const = 0;
};

}  // namespace shiftadd::search
