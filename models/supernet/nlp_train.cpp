// The NLP task of the training skeleton: FreeDict phrase pairs through the NlpSupernet.
#include "models/supernet/nlp_train.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "core/text_file.h"
#include "models/ops/cross_entropy.h"
#include "models/supernet/checkpoint.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

// Sandwich rule: the largest or the smallest subnet, block types of the random subnet a.
Arch extreme_arch(const NlpSpace& s, Arch a, bool largest) {
  auto pick = [&](const std::vector<int>& v) {
    return largest ? *std::max_element(v.begin(), v.end()) : *std::min_element(v.begin(), v.end());
  };
  a.enc_embed = a.dec_embed = pick(s.embed_dim);
  a.decoder.resize(size_t(pick(s.decoder.layers)), a.decoder.back());
  for (auto& l : a.encoder) l.ffn_dim = pick(s.encoder.ffn_dim), l.heads = pick(s.encoder.heads);
  for (auto& l : a.decoder) {
    l.ffn_dim = pick(s.decoder.ffn_dim), l.heads = pick(s.decoder.heads);
    l.ende_heads = pick(s.decoder.ende_heads);
  }
  return a;
}

nlohmann::json options_json(const NlpTrainOptions& n) {
  nlohmann::json j = common_options_json(n.base);
  j["task"] = "nlp", j["dictd_dir"] = n.dictd_dir, j["pair"] = n.pair;
  j["max_dict_bytes"] = n.max_dict_bytes, j["label_smoothing"] = n.label_smoothing, j["kl_coef"] = n.kl_coef;
  return j;
}

NlpTrainOptions options_from_json(const std::string& file) {
  NlpTrainOptions n;
  try {
    const nlohmann::json j = nlohmann::json::parse(read_text_file(file));
    read_common_options(j, n.base);
    n.dictd_dir = j.at("dictd_dir"), n.pair = j.at("pair"), n.max_dict_bytes = j.at("max_dict_bytes");
    n.label_smoothing = j.at("label_smoothing");
    n.kl_coef = j.value("kl_coef", 0.f);  // runs written before the NLP KL terms existed had none
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("bad NLP run options: ") + e.what());
  }
  return n;
}

void check_nlp_options(const TrainOptions& o) {
  if (o.mode != ShareMode::kHeterogeneous)
    throw InputError("train: --share applies to CV spaces only (the NLP supernet always shares heterogeneously)");
}

}  // namespace

data::PhraseDataset load_nlp_data(const NlpTrainOptions& n) {
  data::FreedictOptions fo;
  fo.dictd_dir = n.dictd_dir;
  fo.pair = n.pair;
  fo.max_dict_bytes = n.max_dict_bytes;
  data::PhraseDataset ds = data::load_freedict(fo);
  if (n.base.train_limit > 0 && int64_t(ds.train.size()) > n.base.train_limit) ds.train.resize(size_t(n.base.train_limit));
  if (ds.train.empty()) throw DataError(n.dictd_dir, "no training phrase pairs for " + n.pair);
  return ds;
}

NlpTrainOptions nlp_options_from(const TrainOptions& o, float kl_coef) {
  check_nlp_options(o);
  NlpTrainOptions n;
  n.base = o;
  n.kl_coef = kl_coef;
  n.dictd_dir = o.data_dir;
  return n;
}

std::vector<NlpExample> encode_pairs(const std::vector<data::PhrasePair>& pairs, const data::SubwordTokenizer& tok,
                                     const NlpSpace& s) {
  std::vector<NlpExample> out;
  out.reserve(pairs.size());
  for (const auto& p : pairs) {
    NlpExample e{tok.encode(p.src), tok.encode(p.tgt)};
    if (e.src.empty() || e.tgt.empty()) continue;
    if (int64_t(e.src.size()) + 1 > s.src_len || int64_t(e.tgt.size()) + 1 > s.tgt_len) continue;
    out.push_back(std::move(e));
  }
  return out;
}

NlpBatch make_batch(const std::vector<NlpExample>& ex, const std::vector<int64_t>& idx) {
  NlpBatch b;
  b.B = int64_t(idx.size());
  for (int64_t i : idx) {
    b.Ts = std::max<int64_t>(b.Ts, int64_t(ex[size_t(i)].src.size()) + 1);
    b.Tt = std::max<int64_t>(b.Tt, int64_t(ex[size_t(i)].tgt.size()) + 1);
  }
  b.src.assign(size_t(b.B * b.Ts), 0);
  b.tgt_in.assign(size_t(b.B * b.Tt), 0);
  b.tgt_out.assign(size_t(b.B * b.Tt), 0);
  for (int64_t r = 0; r < b.B; ++r) {
    const NlpExample& e = ex[size_t(idx[size_t(r)])];
    for (size_t t = 0; t < e.src.size(); ++t) b.src[size_t(r * b.Ts) + t] = e.src[t];
    b.src[size_t(r * b.Ts) + e.src.size()] = data::SubwordTokenizer::kEos;
    b.tgt_in[size_t(r * b.Tt)] = data::SubwordTokenizer::kBos;
    for (size_t t = 0; t < e.tgt.size(); ++t) {
      b.tgt_in[size_t(r * b.Tt) + t + 1] = e.tgt[t];
      b.tgt_out[size_t(r * b.Tt) + t] = e.tgt[t];
    }
    b.tgt_out[size_t(r * b.Tt) + e.tgt.size()] = data::SubwordTokenizer::kEos;
  }
  return b;
}

namespace {

class NlpTrainTask : public TrainTask {
 public:
  explicit NlpTrainTask(const NlpTrainOptions& n) : n_(n) {}
  TrainOptions& options() override { return n_.base; }
  nlohmann::json options_json() const override { return nn::options_json(n_); }
  void load_options(const std::string& file) override { n_ = options_from_json(file); }
  void check_space(const SearchSpace& space, const std::string& file) const override {
    if (space.task != Task::kNlp) throw InputError(file + ": not an NLP space");
  }
  void prepare(const SearchSpace& space) override;
  int64_t num_samples() const override { return int64_t(train_.size()); }
  void init_from(const std::string& dir) override;
  Optimizer& optimizer() override { return *optim_; }
  BufferList state() override {
    BufferList refs;
    for (auto& [name, p] : net_->params()) refs.emplace_back("param." + name, &p->value);
    for (auto& [name, t] : optim_->state()) refs.emplace_back("optim." + name, t);
    return refs;
  }
  nlohmann::json checkpoint_meta() const override { return {{"task", "nlp"}}; }
  void on_final_checkpoint(int64_t step) override { save_params_f16(*net_, step, n_.base.out_dir + "/weights_f16"); }
  uint64_t rng_salt() const override { return 0xA24BAED4963EE407ULL; }
  int64_t max_warmup() const override { return 500; }
  Arch sandwich_arch(const SearchSpace& sp, Rng& rng, bool largest) const override {
    return extreme_arch(sp.nlp, sample_arch(sp, rng), largest);
  }
  void set_batch(const std::vector<int64_t>& idx) override { batch_ = make_batch(train_, idx); }
  PathResult train_path(const Arch& a, Rng& rng, float share) override {
    CrossEntropyResult ce = cross_entropy(net_->forward(batch_, a), batch_.tgt_out, ceo_);
    ce.dlogits *= share;
    net_->backward(ce.dlogits);
    // Skipped at 0 so that runs without KL draw the same random numbers as before the term existed.
    const double kl = n_.kl_coef != 0.f ? net_->kl_loss(a, rng, n_.kl_coef * share) : 0.0;
    return {ce.loss, kl, ce.correct, ce.count};
  }
  const char* acc_name() const override { return "tok-acc"; }
  const char* rate_unit() const override { return "tgt-tokens/s"; }
  const char* sample_unit() const override { return "target tokens"; }

 private:
  NlpTrainOptions n_;
  CrossEntropyOptions ceo_;
  std::vector<NlpExample> train_;
  std::unique_ptr<NlpSupernet> net_;
  std::unique_ptr<AdamW> optim_;
  NlpBatch batch_;
};

void NlpTrainTask::prepare(const SearchSpace& space) {
  const TrainOptions& o = n_.base;
  const std::string tok_path = o.out_dir + "/tokenizer.txt";
  const data::PhraseDataset ds = load_nlp_data(n_);
  ceo_.label_smoothing = n_.label_smoothing;
  ceo_.ignore_index = data::SubwordTokenizer::kPad;
  // --init-from continues from another run's weights, so it must keep that run's vocabulary.
  if (!o.resume && !o.init_from.empty()) write_text_file(tok_path, read_text_file(o.init_from + "/tokenizer.txt"));
  if (!o.resume && o.init_from.empty()) data::train_phrase_tokenizer(ds.train, space.nlp.vocab).save(tok_path);
  const data::SubwordTokenizer tok = data::SubwordTokenizer::load(tok_path);
  train_ = encode_pairs(data::flatten_pairs(ds.train), tok, space.nlp);
  if (int64_t(train_.size()) < o.batch_size) throw DataError(n_.dictd_dir, "fewer training pairs than one batch");
  net_ = std::make_unique<NlpSupernet>(space.nlp, o.seed);
  optim_ = std::make_unique<AdamW>(net_->params(), AdamWOptions{0.9f, 0.98f, 1e-8f, o.weight_decay});
}

void NlpTrainTask::init_from(const std::string& dir) {
  NlpRun init = load_nlp_run(dir);
  const ParamList src = init.net->params(), dst = net_->params();
  for (size_t i = 0; i < dst.size(); ++i) {
    if (src.size() != dst.size() || src[i].second->value.shape() != dst[i].second->value.shape())
      throw InputError("train: --init-from " + dir + " holds a supernet of another space");
    dst[i].second->value = src[i].second->value;
  }
}

}  // namespace

TrainSummary train_nlp_supernet(const NlpTrainOptions& cli) {
  check_nlp_options(cli.base);
  if (!(cli.kl_coef >= 0.f)) throw InputError(fmt::format("train: --kl-coef must be >= 0, got {}", cli.kl_coef));
  NlpTrainTask task(cli);
  return run_training(task);
}

NlpRun load_nlp_run(const std::string& dir) {
  NlpRun run;
  run.options = options_from_json(dir + "/run.json");
  run.space = load_space(dir + "/space.yaml");
  if (run.space.task != Task::kNlp) throw InputError(dir + "/space.yaml: not an NLP space");
  run.tok = std::make_unique<data::SubwordTokenizer>(data::SubwordTokenizer::load(dir + "/tokenizer.txt"));
  run.net = std::make_unique<NlpSupernet>(run.space.nlp, run.options.base.seed);
  if (!fs::exists(dir + "/checkpoint.bin") && fs::is_directory(dir + "/weights_f16")) {
    run.step = load_params_f16(*run.net, dir + "/weights_f16");
    return run;
  }
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  for (auto& [name, p] : run.net->params()) ck.restore("param." + name, p->value);
  run.step = ck.meta.at("step");
  return run;
}

}  // namespace shiftadd::nn
