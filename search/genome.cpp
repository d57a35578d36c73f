#include "search/genome.h"

#include "core/error.h"

namespace shiftadd::search {

Genome mutate(const GenomeSpace& c, const Genome& g, double p, Rng& rng) {
  Genome out = g;
  for (size_t i = 0; i < out.size(); ++i)
    if (rng.bernoulli(p)) out[i] = int(rng.uniform_int(0, c.choices(i) - 1));
  return out;
}

Genome crossover(const Genome& a, const Genome& b, Rng& rng) {
  if (a.size() != b.size()) throw InputError("crossover: genomes of different lengths");
  Genome out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = rng.bernoulli(0.5) ? a[i] : b[i];
  return out;
}

bool in_range(const GenomeSpace& c, const Genome& g) {
  if (g.size() != c.genes()) return false;
  for (size_t i = 0; i < g.size(); ++i)
    if (g[i] < 0 || g[i] >= c.choices(i)) return false;
  return true;
}

Genome genome_at(const GenomeSpace& c, int64_t n) {
  Genome g(c.genes());
  for (size_t i = 0; i < g.size(); ++i) {
    g[i] = int(n % c.choices(i));
    n /= c.choices(i);
  }
  return g;
}

}  // namespace shiftadd::search
