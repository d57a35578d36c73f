#include "models/supernet/trainer.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text_file.h"
#include "models/data/batch_iterator.h"
#include "models/ops/cross_entropy.h"
#include "models/optim/optimizer.h"
#include "models/supernet/checkpoint.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

Rng step_rng(uint64_t seed, int64_t step) { return Rng(seed ^ (uint64_t(step + 1) * 0xD1B54A32D192ED03ULL)); }

// Sandwich rule: the deepest and the shallowest subnet (random block types) plus one random subnet.
std::vector<Arch> step_paths(const SearchSpace& sp, Rng& rng, bool sandwich, const Arch* fixed) {
  if (fixed) return {*fixed};
  std::vector<Arch> paths{sample_arch(sp, rng)};
  if (!sandwich) return paths;
  for (bool deepest : {true, false}) {
    Arch a = sample_arch(sp, rng);
    for (size_t s = 0; s < a.stages.size(); ++s) {
      const auto& st = sp.cv.stages[s];
      const int d = deepest ? *std::max_element(st.depth.begin(), st.depth.end())
                            : *std::min_element(st.depth.begin(), st.depth.end());
      a.stages[s].resize(size_t(d), st.blocks[0]);
      for (auto& b : a.stages[s]) b = st.blocks[size_t(rng.uniform_int(0, int64_t(st.blocks.size()) - 1))];
    }
    paths.push_back(a);
  }
  return paths;
}

nlohmann::json options_json(const TrainOptions& o) {
  nlohmann::json j = common_options_json(o);
  j["kl_coef"] = o.kl_coef, j["mode"] = to_string(o.mode), j["data_dir"] = o.data_dir;
  return j;
}

TrainOptions options_from_json(const nlohmann::json& j, const std::string& file) {
  TrainOptions o;
  try {
    read_common_options(j, o);
    o.kl_coef = j.at("kl_coef");
    o.mode = parse_share_mode(j.at("mode").get<std::string>());
    o.data_dir = j.at("data_dir");
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("bad run options: ") + e.what());
  }
  return o;
}

data::ImageSet training_images(const TrainOptions& o) {
  data::FashionMnistOptions fo;
  fo.dir = o.data_dir;
  fo.limit = o.train_limit;
  data::ImageSet full = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  if (o.train_limit > 0) return full;
  return data::split_train_valid(full, data::kFashionMnistValidSize, data::kFashionMnistValidSeed).train;
}

TensorRefs state_refs(CvSupernet& net, Optimizer& optim) {
  TensorRefs refs;
  for (auto& [n, p] : net.params()) refs.emplace_back("param." + n, &p->value);
  for (auto& [n, b] : net.buffers()) refs.emplace_back("buffer." + n, b);
  for (auto& [n, t] : optim.state()) refs.emplace_back("optim." + n, t);
  return refs;
}

void restore_state(const Checkpoint& ck, CvSupernet& net, Optimizer* optim) {
  for (auto& [n, p] : net.params()) ck.restore("param." + n, p->value);
  for (auto& [n, b] : net.buffers()) ck.restore("buffer." + n, *b);
  if (optim)
    for (auto& [n, t] : optim->state()) ck.restore("optim." + n, *t);
}

}  // namespace

Tensor images_to_tensor(const data::ImageSet& set, const std::vector<int64_t>& idx, std::vector<int64_t>& labels) {
  const int64_t B = int64_t(idx.size()), P = set.rows * set.cols;
  Tensor x({B, 1, set.rows, set.cols});
  labels.resize(idx.size());
  for (int64_t i = 0; i < B; ++i) {
    x.mat(B, P).row(i) = set.images.row(long(idx[size_t(i)]));
    labels[size_t(i)] = set.labels[size_t(idx[size_t(i)])];
  }
  return x;
}

std::string ProgressWindow::line(int64_t step, int64_t steps, float lr, double rate, const char* acc_name,
                                 const char* rate_unit, bool ckpt) const {
  const double m = double(std::max<int64_t>(n, 1));
  return fmt::format("[{:>3.0f}%] step {}/{} loss {:.4f} kl {:.4f} {} {:.3f} lr {:.2e} {:.0f} {}{}\n",
                     100.0 * double(step) / double(steps), step, steps, loss / m, kl / m, acc_name, acc / m, lr, rate,
                     rate_unit, ckpt ? " [checkpoint]" : "");
}

nlohmann::json common_options_json(const TrainOptions& o) {
  return {{"steps", o.steps}, {"batch_size", o.batch_size}, {"ckpt_every", o.ckpt_every}, {"log_every", o.log_every},
          {"train_limit", o.train_limit}, {"seed", o.seed}, {"sandwich", o.sandwich}, {"lr", o.lr},
          {"weight_decay", o.weight_decay}, {"arch", o.arch_path}, {"init_from", o.init_from}};
}

void read_common_options(const nlohmann::json& j, TrainOptions& o) {
  o.steps = j.at("steps"), o.batch_size = j.at("batch_size"), o.ckpt_every = j.at("ckpt_every");
  o.log_every = j.at("log_every"), o.train_limit = j.at("train_limit"), o.seed = j.at("seed");
  o.sandwich = j.at("sandwich"), o.lr = j.at("lr"), o.weight_decay = j.at("weight_decay");
  o.arch_path = j.value("arch", std::string());
  o.init_from = j.value("init_from", std::string());
}

TrainSummary train_supernet(const TrainOptions& cli) {
  const std::string run_json = cli.out_dir + "/run.json", ckpt_path = cli.out_dir + "/checkpoint.bin";
  TrainOptions o = cli;
  if (cli.resume) {
    o = options_from_json(nlohmann::json::parse(read_text_file(run_json)), run_json);
    o.out_dir = cli.out_dir;
    o.resume = true;
    o.log = cli.log;
    o.stop_after = cli.stop_after;
  } else {
    fs::create_directories(o.out_dir);
    write_text_file(o.out_dir + "/space.yaml", read_text_file(o.space_path));
    write_text_file(run_json, options_json(o).dump(2) + "\n");
    if (!o.arch_path.empty()) write_text_file(o.out_dir + "/arch.yaml", read_text_file(o.arch_path));
  }
  const SearchSpace space = load_space(o.out_dir + "/space.yaml");
  if (space.task != Task::kCv) throw InputError("train: only CV spaces are implemented (NLP supernet: not yet)");
  Arch fixed;
  if (!o.arch_path.empty()) fixed = load_arch(o.out_dir + "/arch.yaml", space);
  const data::ImageSet train = training_images(o);
  CvSupernet net(space.cv, o.mode, o.seed);
  AdamW optim(net.params(), AdamWOptions{0.9f, 0.999f, 1e-8f, o.weight_decay});
  data::BatchIterator it(train.size(), o.batch_size, o.seed, true, true);
  int64_t step = 0;
  if (!o.resume && !o.init_from.empty()) restore_state(load_checkpoint(o.init_from + "/checkpoint.bin"), net, nullptr);
  if (o.resume) {
    const Checkpoint ck = load_checkpoint(ckpt_path);
    restore_state(ck, net, &optim);
    step = ck.meta.at("step");
    optim.step_count = ck.meta.at("optim_steps");
    it.restore({ck.meta.at("epoch"), ck.meta.at("position")});
  }
  const int64_t warmup = std::min<int64_t>(100, o.steps / 10);
  const auto t0 = std::chrono::steady_clock::now();
  int64_t done_here = 0;
  ProgressWindow win;
  TrainSummary sum;
  std::vector<int64_t> idx, labels;
  while (step < o.steps && (o.stop_after < 0 || done_here < o.stop_after)) {
    if (!it.next(idx)) it.next(idx);
    const Tensor x = images_to_tensor(train, idx, labels);
    Rng rng = step_rng(o.seed, step);
    const std::vector<Arch> paths = step_paths(space, rng, o.sandwich, o.arch_path.empty() ? nullptr : &fixed);
    optim.zero_grad();
    const float share = 1.f / float(paths.size());
    for (const Arch& a : paths) {
      CrossEntropyResult ce = cross_entropy(net.forward(x, a), labels);
      ce.dlogits *= share;
      net.backward(ce.dlogits);
      const double kl = net.kl_loss(a, rng, o.kl_coef * share);
      win.loss += ce.loss * share + kl;
      win.kl += kl;
      win.acc += double(ce.correct) / double(ce.count) * share;
    }
    optim.step(cosine_lr(step, o.steps, o.lr, 0.f, warmup));
    ++step;
    ++done_here;
    ++win.n;
    const bool ckpt = (o.ckpt_every > 0 && step % o.ckpt_every == 0) || step == o.steps;
    if (ckpt)
      save_checkpoint(ckpt_path,
                      {{"step", step}, {"optim_steps", optim.step_count}, {"epoch", it.state().epoch},
                       {"position", it.state().position}, {"seed", o.seed}, {"mode", to_string(o.mode)}},
                      state_refs(net, optim));
    if (win.n == o.log_every || step == o.steps) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      sum.last_loss = win.loss / double(win.n);
      sum.images_per_s = double(done_here * o.batch_size * int64_t(paths.size())) / std::max(secs, 1e-9);
      if (o.log)
        *o.log << win.line(step, o.steps, cosine_lr(step, o.steps, o.lr, 0.f, warmup), sum.images_per_s, "train-acc",
                           "img/s", ckpt)
               << std::flush;
      win = {};
    }
  }
  sum.step = step;
  return sum;
}

LoadedRun load_run(const std::string& dir) {
  LoadedRun run;
  run.options = options_from_json(nlohmann::json::parse(read_text_file(dir + "/run.json")), dir + "/run.json");
  run.space = load_space(dir + "/space.yaml");
  if (run.space.task != Task::kCv) throw InputError("eval: only CV supernets are implemented");
  run.net = std::make_unique<CvSupernet>(run.space.cv, run.options.mode, run.options.seed);
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  restore_state(ck, *run.net, nullptr);
  run.step = ck.meta.at("step");
  return run;
}

}  // namespace shiftadd::nn
