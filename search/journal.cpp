#include "search/journal.h"

#include "core/json_field.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/error.h"
#include "core/text_file.h"

namespace shiftadd::search {
namespace fs = std::filesystem;

nlohmann::json to_json(const Evaluated& e) {
  const CostMetrics& c = e.m.cost;
  nlohmann::json j{{"gen", e.generation}, {"key", e.key}, {"genome", e.genome}, {"metric", e.m.metric},
                   {"accuracy", e.m.accuracy}, {"cycles", c.cycles}, {"latency_ms", c.latency_ms},
                   {"energy_uj", c.energy_uj}, {"params", c.params}, {"violation", e.violation}};
  if (c.area_mm2 != 0) j["area_mm2"] = c.area_mm2;  // accelerator designs only
  if (!e.m.invalid.empty()) j["invalid"] = e.m.invalid;
  return j;
}

Evaluated evaluated_from_json(const nlohmann::json& j, const std::string& file) {
  try {
    Evaluated e;
    e.generation = json_integer_at<int>(j, "gen", "", file);
    e.key = j.at("key");
    e.genome = json_integers<int>(j.at("genome"), "genome", file);
    e.m.metric = j.at("metric");
    e.m.accuracy = j.at("accuracy");
    e.m.cost.cycles = json_integer_at<int64_t>(j, "cycles", "", file);
    e.m.cost.latency_ms = j.at("latency_ms");
    e.m.cost.energy_uj = j.at("energy_uj");
    e.m.cost.params = json_integer_at<int64_t>(j, "params", "", file);
    e.violation = j.at("violation");
    e.m.cost.area_mm2 = j.value("area_mm2", 0.0);
    e.m.invalid = j.value("invalid", std::string());
    return e;
  } catch (const nlohmann::json::exception& ex) {
    throw DataError(file, std::string("bad evaluation record: ") + ex.what());
  }
}

void save_checkpoint(const SearchState& s, const std::string& path) {
  // v2: the archive is the journal's first journal_bytes bytes, so a generation's checkpoint costs
  // O(population), not O(everything evaluated) (v1 repeated the archive here).
  nlohmann::json j{{"format", "shiftadd-search-checkpoint-v2"}, {"digest", s.digest}, {"seed", s.seed},
                   {"next_generation", s.next_generation}, {"population", s.population},
                   {"journal_bytes", s.journal_bytes}};
  j["stats"] = {{"evaluations", s.stats.evaluations},
                {"rejected", s.stats.rejected}, {"duplicates", s.stats.duplicates},
                {"exhausted", s.stats.exhausted}, {"immigrants", s.stats.immigrants}};
  for (const auto& h : s.history)
    j["history"].push_back({{"generation", h.generation}, {"evaluations", h.evaluations},
                            {"hypervolume", h.hypervolume}, {"front_size", h.front_size}, {"best", h.best}});
  write_file_atomic(path, j.dump() + "\n");
}

namespace {

// The archive of a v2 checkpoint: the journal's lines up to the length the checkpoint recorded.
std::vector<Evaluated> archive_from_journal(const std::string& journal, int64_t bytes, int64_t evaluations) {
  if (!fs::exists(journal)) throw DataError(journal, "missing, but the checkpoint records journal lines");
  if (int64_t(fs::file_size(journal)) < bytes)
    throw DataError(journal, "shorter than its checkpoint records; the run folder was changed by hand");
  const std::string text = read_text_file(journal).substr(0, size_t(bytes));
  std::vector<Evaluated> out;
  for (size_t at = 0, end; at < text.size(); at = end + 1) {
    end = text.find('\n', at);
    if (end == std::string::npos) throw DataError(journal, "the checkpoint's length ends inside a line");
    try {
      out.push_back(evaluated_from_json(nlohmann::json::parse(text.substr(at, end - at)), journal));
    } catch (const nlohmann::json::exception& e) {
      throw DataError(journal, fmt::format("damaged line {}: {}", out.size() + 1, e.what()));
    }
  }
  if (int64_t(out.size()) != evaluations)
    throw DataError(journal, fmt::format("{} evaluations in its first {} bytes, but the checkpoint records {}", out.size(),
                                         bytes, evaluations));
  return out;
}

}  // namespace

SearchState load_checkpoint(const std::string& path, const std::string& journal) {
  SearchState s;
  try {
    const nlohmann::json j = nlohmann::json::parse(read_text_file(path));
    const std::string format = j.at("format");
    if (format != "shiftadd-search-checkpoint-v1" && format != "shiftadd-search-checkpoint-v2")
      throw DataError(path, "not a search checkpoint");
    s.digest = j.at("digest");
    s.seed = json_integer_at<uint64_t>(j, "seed", "", path);
    s.next_generation = json_integer_at<int>(j, "next_generation", "", path);
    s.population = j.at("population").get<std::vector<std::string>>();
    s.journal_bytes = json_integer_at<int64_t>(j, "journal_bytes", "", path);
    const auto& st = j.at("stats");
    auto stat = [&](const char* k) { return json_integer_at<int64_t>(st, k, "stats", path); };
    s.stats = {stat("evaluations"), stat("rejected"), stat("duplicates"), stat("exhausted"), stat("immigrants")};
    if (format == "shiftadd-search-checkpoint-v2") {
      s.archive = archive_from_journal(journal, s.journal_bytes, s.stats.evaluations);
    } else if (j.contains("archive")) {
      for (const auto& e : j.at("archive")) s.archive.push_back(evaluated_from_json(e, path));
    }
    if (j.contains("history"))
      for (const auto& h : j.at("history"))
        s.history.push_back({json_integer_at<int>(h, "generation", "history", path),
                             json_integer_at<int64_t>(h, "evaluations", "history", path), h.at("hypervolume"),
                             json_integer_at<int>(h, "front_size", "history", path), h.at("best").get<std::vector<double>>()});
  } catch (const nlohmann::json::exception& e) {
    throw DataError(path, std::string("damaged checkpoint: ") + e.what());
  }
  return s;
}

Journal::Journal(const std::string& path, int64_t keep_bytes) : path_(path) {
  if (fs::exists(path)) {
    if (int64_t(fs::file_size(path)) < keep_bytes)
      throw DataError(path, "shorter than its checkpoint records; the run folder was changed by hand");
    fs::resize_file(path, uintmax_t(keep_bytes));
  } else if (keep_bytes > 0) {
    throw DataError(path, "missing, but the checkpoint records journal lines");
  }
  out_.open(path, std::ios::app);
  if (!out_) throw DataError(path, "cannot open for appending");
}

void Journal::append(const Evaluated& e, const std::string& cost_source) {
  nlohmann::json j = to_json(e);
  j["accuracy_source"] = e.m.metric == "none" ? "none" : "supernet_valid";
  j["cost_source"] = cost_source;
  out_ << j.dump() << "\n";
}

int64_t Journal::bytes() {
  out_.flush();
  if (!out_) throw DataError(path_, "cannot write");
  return int64_t(fs::file_size(path_));
}

}  // namespace shiftadd::search
