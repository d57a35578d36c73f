// Genome layout: per sub-array (present, rows, cols, dataflow); then a_bits, w_bits, acc_bits,
// clock_mhz; per buffer (ifmap, weight, ofmap) size_kb, banks, bandwidth; dram bandwidth; lanes.
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "search/dse/hw_space.h"

namespace shiftadd::search {
namespace {

constexpr size_t kArrayGenes = 4;

}  // namespace

HwCodec::HwCodec(const HwSpace& s) : s_(s) {
  for (const ArrayAxis& a : s.arrays)
    for (size_t n : {a.present.size(), a.rows.size(), a.cols.size(), a.dataflow.size()}) choices_.push_back(int(n));
  for (size_t n : {s.a_bits.size(), s.w_bits.size(), s.acc_bits.size(), s.clock_mhz.size()}) choices_.push_back(int(n));
  for (const BufferAxis* b : {&s.ifmap, &s.weight, &s.ofmap})
    for (size_t n : {b->size_kb.size(), b->banks.size(), b->bandwidth_words_per_cycle.size()}) choices_.push_back(int(n));
  choices_.push_back(int(s.dram_bandwidth_gb_s.size()));
  choices_.push_back(int(s.vector_lanes.size()));
}

Genome HwCodec::random(Rng& rng) const {
  Genome g(genes());
  for (size_t i = 0; i < g.size(); ++i) g[i] = int(rng.uniform_int(0, choices_[i] - 1));
  return g;
}

double HwCodec::genomes() const {
  double n = 1;
  for (int c : choices_) n *= c;
  return n;
}

double HwCodec::designs() const {
  double n = 1;
  size_t i = 0;
  for (const ArrayAxis& a : s_.arrays) {
    const double sizes = double(a.rows.size() * a.cols.size() * a.dataflow.size());
    n *= double(std::count(a.present.begin(), a.present.end(), 0)) + double(std::count(a.present.begin(), a.present.end(), 1)) * sizes;
    i += kArrayGenes;
  }
  for (; i < choices_.size(); ++i) n *= choices_[i];
  return n;
}

bool HwCodec::canonical(const Genome& g) const {
  size_t i = 0;
  for (const ArrayAxis& a : s_.arrays) {
    if (!a.present[size_t(g.at(i))] && (g[i + 1] || g[i + 2] || g[i + 3])) return false;
    i += kArrayGenes;
  }
  return true;
}

std::string HwCodec::key(const Genome& g) const {
  if (!valid(g)) throw InputError("HwCodec::key: genome out of range");
  std::string k;
  size_t i = 0;
  for (const ArrayAxis& a : s_.arrays) {
    if (a.present[size_t(g[i])])
      k += fmt::format("{}:{}{}x{} ", to_string(a.pe), to_string(a.dataflow[size_t(g[i + 3])]), a.rows[size_t(g[i + 1])],
                       a.cols[size_t(g[i + 2])]);
    i += kArrayGenes;
  }
  if (k.empty()) k = "no-arrays ";
  k += fmt::format("a{} w{} acc{} {}MHz", s_.a_bits[size_t(g[i])], s_.w_bits[size_t(g[i + 1])], s_.acc_bits[size_t(g[i + 2])],
                   s_.clock_mhz[size_t(g[i + 3])]);
  i += 4;
  for (const char* name : {"if", "w", "of"}) {
    const BufferAxis& b = name[0] == 'i' ? s_.ifmap : name[0] == 'w' ? s_.weight : s_.ofmap;
    k += fmt::format(" {}{}KB/{}b/{}w", name, b.size_kb[size_t(g[i])], b.banks[size_t(g[i + 1])],
                     b.bandwidth_words_per_cycle[size_t(g[i + 2])]);
    i += 3;
  }
  return k + fmt::format(" dram{}GB/s lanes{}", s_.dram_bandwidth_gb_s[size_t(g[i])], s_.vector_lanes[size_t(g[i + 1])]);
}

AccelConfig HwCodec::decode(const Genome& g, std::string& reason) const {
  if (!valid(g)) throw InputError("HwCodec::decode: genome out of range");
  reason.clear();
  AccelConfig c = s_.base;
  c.hw.name = s_.name;
  c.hw.file = "design";  // errors name the design by its key in points.csv
  c.hw.arrays.clear();
  size_t i = s_.arrays.size() * kArrayGenes;
  const int a_bits = s_.a_bits[size_t(g[i])], w_bits = s_.w_bits[size_t(g[i + 1])], acc_bits = s_.acc_bits[size_t(g[i + 2])];
  c.hw.clock_mhz = s_.clock_mhz[size_t(g[i + 3])];
  size_t j = 0;
  for (const ArrayAxis& a : s_.arrays) {
    if (a.present[size_t(g[j])]) {
      ArraySpec spec;  // the base's array of this kind (impl, overflow, shift code) when it has one
      for (const ArraySpec& b : s_.base.hw.arrays)
        if (b.pe == a.pe) {
          spec = b;
          break;
        }
      spec.pe = a.pe;
      spec.name = to_string(a.pe);
      spec.rows = a.rows[size_t(g[j + 1])];
      spec.cols = a.cols[size_t(g[j + 2])];
      spec.dataflow = a.dataflow[size_t(g[j + 3])];
      spec.a_bits = a_bits;
      if (a.pe != PeKind::kShift) spec.w_bits = w_bits;
      spec.acc_bits = acc_bits;
      c.hw.arrays.push_back(spec);
      if (reason.empty()) {
        try {
          validate_array_spec(spec);
        } catch (const ArraySpecError& e) {
          reason = fmt::format("{} array: {}: {}", spec.name, e.field(), e.detail());
        }
      }
    }
    j += kArrayGenes;
  }
  i += 4;
  for (BufferSpec* b : {&c.ifmap, &c.weight, &c.ofmap}) {
    const BufferAxis& ax = b == &c.ifmap ? s_.ifmap : b == &c.weight ? s_.weight : s_.ofmap;
    b->size_kb = ax.size_kb[size_t(g[i])];
    b->banks = ax.banks[size_t(g[i + 1])];
    b->bandwidth_words_per_cycle = ax.bandwidth_words_per_cycle[size_t(g[i + 2])];
    i += 3;
  }
  c.dram_bandwidth_gb_s = s_.dram_bandwidth_gb_s[size_t(g[i])];
  c.dram_bytes_per_cycle = dram_bytes_per_cycle(c.dram_bandwidth_gb_s, c.hw.clock_mhz);
  c.vector_lanes = s_.vector_lanes[size_t(g[i + 1])];
  if (c.hw.arrays.empty()) reason = "no PE array";
  if (reason.empty()) reason = tile_problem(c);
  return c;
}

}  // namespace shiftadd::search
