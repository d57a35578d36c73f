#include "models/supernet/nlp_train.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text_file.h"
#include "core/yaml_reader.h"
#include "models/data/batch_iterator.h"
#include "models/data/metrics.h"
#include "models/ops/cross_entropy.h"
#include "models/optim/optimizer.h"
#include "models/supernet/checkpoint.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

Rng step_rng(uint64_t seed, int64_t step) { return Rng(seed ^ (uint64_t(step + 1) * 0xA24BAED4963EE407ULL)); }

// Sandwich rule: the largest and the smallest subnet (random block types) plus one random subnet.
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

std::vector<Arch> step_paths(const SearchSpace& sp, Rng& rng, bool sandwich, const Arch* fixed) {
  if (fixed) return {*fixed};
  std::vector<Arch> paths{sample_arch(sp, rng)};
  if (sandwich)
    for (bool largest : {true, false}) paths.push_back(extreme_arch(sp.nlp, sample_arch(sp, rng), largest));
  return paths;
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

data::PhraseDataset load_data(const NlpTrainOptions& n) {
  data::FreedictOptions fo;
  fo.dictd_dir = n.dictd_dir;
  fo.pair = n.pair;
  fo.max_dict_bytes = n.max_dict_bytes;
  data::PhraseDataset ds = data::load_freedict(fo);
  if (n.base.train_limit > 0 && int64_t(ds.train.size()) > n.base.train_limit) ds.train.resize(size_t(n.base.train_limit));
  if (ds.train.empty()) throw DataError(n.dictd_dir, "no training phrase pairs for " + n.pair);
  return ds;
}

TensorRefs state_refs(NlpSupernet& net, Optimizer* optim) {
  TensorRefs refs;
  for (auto& [name, p] : net.params()) refs.emplace_back("param." + name, &p->value);
  if (optim)
    for (auto& [name, t] : optim->state()) refs.emplace_back("optim." + name, t);
  return refs;
}

void check_nlp_options(const TrainOptions& o) {
  if (o.mode != ShareMode::kHeterogeneous)
    throw InputError("train: --share applies to CV spaces only (the NLP supernet always shares heterogeneously)");
}

}  // namespace

Task space_task(const std::string& path) {
  const std::string file = fs::is_directory(path) ? path + "/space.yaml" : path;
  return load_space(file).task;
}

NlpTrainOptions nlp_options_from(const TrainOptions& o, float kl_coef) {
  check_nlp_options(o);
  NlpTrainOptions n;
  n.base = o;
  n.kl_coef = kl_coef;
  if (o.data_dir != data::kFashionMnistDir) n.dictd_dir = o.data_dir;
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

TrainSummary train_nlp_supernet(const NlpTrainOptions& cli) {
  check_nlp_options(cli.base);
  if (!(cli.kl_coef >= 0.f)) throw InputError(fmt::format("train: --kl-coef must be >= 0, got {}", cli.kl_coef));
  const std::string dir = cli.base.out_dir, ckpt_path = dir + "/checkpoint.bin";
  NlpTrainOptions n = cli;
  if (cli.base.resume) {
    n = options_from_json(dir + "/run.json");
    n.base.out_dir = dir, n.base.resume = true, n.base.log = cli.base.log, n.base.stop_after = cli.base.stop_after;
  } else {
    fs::create_directories(dir);
    write_text_file(dir + "/space.yaml", read_text_file(n.base.space_path));
    write_text_file(dir + "/run.json", options_json(n).dump(2) + "\n");
    if (!n.base.arch_path.empty()) write_text_file(dir + "/arch.yaml", read_text_file(n.base.arch_path));
  }
  const TrainOptions& o = n.base;
  const SearchSpace space = load_space(dir + "/space.yaml");
  if (space.task != Task::kNlp) throw InputError(dir + "/space.yaml: not an NLP space");
  Arch fixed;
  if (!o.arch_path.empty()) fixed = load_arch(dir + "/arch.yaml", space);
  const data::PhraseDataset ds = load_data(n);
  // --init-from continues from another run's weights, so it must keep that run's vocabulary.
  if (!o.resume && !o.init_from.empty()) write_text_file(dir + "/tokenizer.txt", read_text_file(o.init_from + "/tokenizer.txt"));
  if (!o.resume && o.init_from.empty()) data::train_phrase_tokenizer(ds.train, space.nlp.vocab).save(dir + "/tokenizer.txt");
  const data::SubwordTokenizer tok = data::SubwordTokenizer::load(dir + "/tokenizer.txt");
  const std::vector<NlpExample> train = encode_pairs(data::flatten_pairs(ds.train), tok, space.nlp);
  if (int64_t(train.size()) < o.batch_size) throw DataError(n.dictd_dir, "fewer training pairs than one batch");
  NlpSupernet net(space.nlp, o.seed);
  AdamW optim(net.params(), AdamWOptions{0.9f, 0.98f, 1e-8f, o.weight_decay});
  data::BatchIterator it(int64_t(train.size()), o.batch_size, o.seed, true, true);
  int64_t step = 0;
  if (!o.resume && !o.init_from.empty()) {
    NlpRun init = load_nlp_run(o.init_from);
    const ParamList src = init.net->params(), dst = net.params();
    for (size_t i = 0; i < dst.size(); ++i) {
      if (src.size() != dst.size() || src[i].second->value.shape() != dst[i].second->value.shape())
        throw InputError("train: --init-from " + o.init_from + " holds a supernet of another space");
      dst[i].second->value = src[i].second->value;
    }
  }
  if (o.resume) {
    const Checkpoint ck = load_checkpoint(ckpt_path);
    for (auto& [name, p] : net.params()) ck.restore("param." + name, p->value);
    for (auto& [name, t] : optim.state()) ck.restore("optim." + name, *t);
    step = ck.meta.at("step");
    optim.step_count = ck.meta.at("optim_steps");
    it.restore({ck.meta.at("epoch"), ck.meta.at("position")});
  }
  const int64_t warmup = std::min<int64_t>(500, o.steps / 10);
  const auto t0 = std::chrono::steady_clock::now();
  int64_t done_here = 0, tokens = 0;
  ProgressWindow win;
  TrainSummary sum;
  std::vector<int64_t> idx;
  CrossEntropyOptions ceo;
  ceo.label_smoothing = n.label_smoothing;
  ceo.ignore_index = data::SubwordTokenizer::kPad;
  while (step < o.steps && (o.stop_after < 0 || done_here < o.stop_after)) {
    if (!it.next(idx)) it.next(idx);
    const NlpBatch b = make_batch(train, idx);
    Rng rng = step_rng(o.seed, step);
    const std::vector<Arch> paths = step_paths(space, rng, o.sandwich, o.arch_path.empty() ? nullptr : &fixed);
    optim.zero_grad();
    const float share = 1.f / float(paths.size());
    for (const Arch& a : paths) {
      CrossEntropyResult ce = cross_entropy(net.forward(b, a), b.tgt_out, ceo);
      ce.dlogits *= share;
      net.backward(ce.dlogits);
      // Skipped at 0 so that runs without KL draw the same random numbers as before the term existed.
      const double kl = n.kl_coef != 0.f ? net.kl_loss(a, rng, n.kl_coef * share) : 0.0;
      win.loss += ce.loss * share + kl;
      win.kl += kl;
      win.acc += double(ce.correct) / double(std::max<int64_t>(ce.count, 1)) * share;
      tokens += ce.count;
    }
    optim.step(cosine_lr(step, o.steps, o.lr, 0.f, warmup));
    ++step, ++done_here, ++win.n;
    const bool ckpt = (o.ckpt_every > 0 && step % o.ckpt_every == 0) || step == o.steps;
    if (ckpt) {
      save_checkpoint(ckpt_path,
                      {{"task", "nlp"}, {"step", step}, {"optim_steps", optim.step_count},
                       {"epoch", it.state().epoch}, {"position", it.state().position}, {"seed", o.seed}},
                      state_refs(net, &optim));
      if (step == o.steps) save_params_f16(net, step, dir + "/weights_f16");
    }
    if (win.n == o.log_every || step == o.steps) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      sum.last_loss = win.loss / double(win.n);
      sum.images_per_s = double(tokens) / std::max(secs, 1e-9);
      if (o.log)
        *o.log << win.line(step, o.steps, cosine_lr(step, o.steps, o.lr, 0.f, warmup), sum.images_per_s, "tok-acc",
                           "tgt-tokens/s", ckpt)
               << std::flush;
      win = {};
    }
  }
  sum.step = step;
  return sum;
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

NlpEvalResult eval_nlp_subnet(NlpRun& run, const Arch& arch, const NlpEvalOptions& opt) {
  NlpTrainOptions n = run.options;
  if (!opt.dictd_dir.empty()) n.dictd_dir = opt.dictd_dir;
  n.base.train_limit = 0;
  const data::PhraseDataset ds = load_data(n);
  std::vector<data::PhraseGroup> groups = opt.valid ? ds.valid : ds.test;
  if (opt.limit > 0 && int64_t(groups.size()) > opt.limit) groups.resize(size_t(opt.limit));
  if (groups.empty()) throw DataError(n.dictd_dir, "empty evaluation split");
  NlpEvalResult r;
  std::vector<std::string> hyps;
  for (size_t s = 0; s < groups.size(); s += size_t(opt.batch)) {
    std::vector<std::vector<int32_t>> src;
    for (size_t i = s; i < std::min(groups.size(), s + size_t(opt.batch)); ++i) src.push_back(run.tok->encode(groups[i].src));
    for (const auto& ids : run.net->greedy(src, arch, run.space.nlp.tgt_len)) hyps.push_back(run.tok->decode(ids));
  }
  r.bleu = data::phrase_bleu(hyps, groups);
  r.copy_bleu = data::copy_input_bleu(groups);
  r.count = int64_t(groups.size());
  for (size_t i = 0; i < std::min<size_t>(5, groups.size()); ++i) {
    r.sample_src.push_back(groups[i].src);
    r.sample_hyp.push_back(hyps[i]);
  }
  return r;
}

}  // namespace shiftadd::nn
