#include "models/supernet/train_loop.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "core/run_lock.h"
#include "core/text_file.h"
#include "models/data/batch_iterator.h"
#include "models/supernet/checkpoint.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;
namespace {

Rng step_rng(uint64_t seed, int64_t step, uint64_t salt) { return Rng(seed ^ (uint64_t(step + 1) * salt)); }

// Sandwich rule: one random subnet plus the task's largest and smallest ones.
std::vector<Arch> step_paths(const TrainTask& task, const SearchSpace& sp, Rng& rng, bool sandwich,
                             const Arch* fixed) {
  if (fixed) return {*fixed};
  std::vector<Arch> paths{sample_arch(sp, rng)};
  if (sandwich)
    for (bool largest : {true, false}) paths.push_back(task.sandwich_arch(sp, rng, largest));
  return paths;
}

// Resume: the options of run.json, except where the run lives and how this call reports and stops.
void load_resumed_options(TrainTask& task) {
  const TrainOptions cli = task.options();
  task.load_options(cli.out_dir + "/run.json");
  TrainOptions& o = task.options();
  o.out_dir = cli.out_dir, o.resume = true, o.log = cli.log, o.stop_after = cli.stop_after;
}

// Fresh run: the run directory and its copies of the inputs (written only once every input loaded).
void write_run_files(const TrainTask& task, const TrainOptions& o) {
  write_text_file(o.out_dir + "/space.yaml", read_text_file(o.space_path));
  write_text_file(o.out_dir + "/run.json", task.options_json().dump(2) + "\n");
  if (!o.arch_path.empty()) write_text_file(o.out_dir + "/arch.yaml", read_text_file(o.arch_path));
}

void save(TrainTask& task, const std::string& path, int64_t step, const data::BatchIterator& it) {
  nlohmann::json meta = task.checkpoint_meta();
  meta["step"] = step, meta["optim_steps"] = task.optimizer().step_count;
  meta["epoch"] = it.state().epoch, meta["position"] = it.state().position, meta["seed"] = task.options().seed;
  TensorRefs refs;
  for (auto& [name, t] : task.state()) refs.emplace_back(name, t);
  save_checkpoint(path, meta, refs);
}

}  // namespace

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

TrainSummary run_training(TrainTask& task) {
  if (task.options().resume) load_resumed_options(task);
  const TrainOptions& o = task.options();
  const std::string ckpt_path = o.out_dir + "/checkpoint.bin";
  // Every input is loaded and checked before the first write: a rejected command leaves no run behind.
  const std::string space_file = o.resume ? o.out_dir + "/space.yaml" : o.space_path;
  const SearchSpace space = load_space(space_file);
  task.check_space(space, space_file);
  Arch fixed;
  if (!o.arch_path.empty()) fixed = load_arch(o.resume ? o.out_dir + "/arch.yaml" : o.arch_path, space);
  const RunLock lock(o.out_dir);  // the first write; prepare() may keep files there (the NLP tokenizer)
  task.prepare(space);
  if (!o.resume) write_run_files(task, o);
  Optimizer& optim = task.optimizer();
  data::BatchIterator it(task.num_samples(), o.batch_size, o.seed, true, true);
  int64_t step = 0;
  if (!o.resume && !o.init_from.empty()) task.init_from(o.init_from);
  if (o.resume) {
    const Checkpoint ck = load_checkpoint(ckpt_path);
    for (auto& [name, t] : task.state()) ck.restore(name, *t);
    step = ck.meta.at("step");
    optim.step_count = ck.meta.at("optim_steps");
    it.restore({ck.meta.at("epoch"), ck.meta.at("position")});
  }
  const int64_t warmup = std::min<int64_t>(task.max_warmup(), o.steps / 10);
  const auto t0 = std::chrono::steady_clock::now();
  int64_t done_here = 0, samples = 0;
  ProgressWindow win;
  TrainSummary sum;
  sum.sample_unit = task.sample_unit();
  std::vector<int64_t> idx;
  while (step < o.steps && (o.stop_after < 0 || done_here < o.stop_after)) {
    if (!it.next(idx)) it.next(idx);
    task.set_batch(idx);
    Rng rng = step_rng(o.seed, step, task.rng_salt());
    const std::vector<Arch> paths = step_paths(task, space, rng, o.sandwich, o.arch_path.empty() ? nullptr : &fixed);
    optim.zero_grad();
    const float share = 1.f / float(paths.size());
    for (const Arch& a : paths) {
      const PathResult r = task.train_path(a, rng, share);
      win.loss += r.loss * share + r.kl;
      win.kl += r.kl;
      win.acc += double(r.correct) / double(std::max<int64_t>(r.count, 1)) * share;
      samples += r.count;
    }
    optim.step(cosine_lr(step, o.steps, o.lr, 0.f, warmup));
    ++step, ++done_here, ++win.n;
    const bool ckpt = (o.ckpt_every > 0 && step % o.ckpt_every == 0) || step == o.steps;
    if (ckpt) {
      save(task, ckpt_path, step, it);
      if (step == o.steps) task.on_final_checkpoint(step);
    }
    if (win.n == o.log_every || step == o.steps) {
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      sum.last_loss = win.loss / double(win.n);
      sum.samples_per_s = double(samples) / std::max(secs, 1e-9);
      if (o.log)
        *o.log << win.line(step, o.steps, cosine_lr(step, o.steps, o.lr, 0.f, warmup), sum.samples_per_s,
                           task.acc_name(), task.rate_unit(), ckpt)
               << std::flush;
      win = {};
    }
  }
  sum.step = step;
  return sum;
}

}  // namespace shiftadd::nn
