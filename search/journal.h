#pragma once
// The search's files: journal.jsonl (one line per evaluation, appended) and checkpoint.json (the
// state after a generation, written atomically; the archive is the journal up to journal_bytes).
// Resume truncates the journal back to the length the checkpoint recorded, so a kill -9
// mid-generation replays that generation exactly.
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/objective.h"

namespace shiftadd::search {

struct SearchStats {
  int64_t evaluations = 0;
  int64_t rejected = 0;    // draws that broke a cost limit
  int64_t duplicates = 0;  // draws of a subnet already evaluated or already drawn this generation
  int64_t exhausted = 0;   // candidates given up after constraints.max_tries draws of each kind
  int64_t immigrants = 0;  // candidates drawn at random because breeding found nothing new
};

struct GenerationLog {
  int generation = 0;
  int64_t evaluations = 0;  // cumulative unique evaluations
  double hypervolume = 0;   // of the feasible front of everything evaluated so far
  int front_size = 0;
  std::vector<double> best;  // best feasible value per objective (as reported)
};

struct SearchState {
  std::string digest;
  uint64_t seed = 0;
  int next_generation = 0;
  std::vector<std::string> population;  // keys into the archive
  std::vector<Evaluated> archive;       // every evaluation, in order
  SearchStats stats;
  std::vector<GenerationLog> history;
  int64_t journal_bytes = 0;
};

nlohmann::json to_json(const Evaluated& e);
Evaluated evaluated_from_json(const nlohmann::json& j, const std::string& file);

void save_checkpoint(const SearchState& s, const std::string& path);  // tmp + rename
// DataError naming the file; a v2 checkpoint reads its archive from `journal`.
SearchState load_checkpoint(const std::string& path, const std::string& journal);

// Appends lines; truncate(n) cuts an existing journal back to n bytes.
class Journal {
 public:
  Journal(const std::string& path, int64_t keep_bytes);
  void append(const Evaluated& e, const std::string& cost_source);
  int64_t bytes();  // flushed length

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace shiftadd::search
