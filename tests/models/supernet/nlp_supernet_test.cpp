// NLP encoder-decoder supernet: gradients, every block type, weight sharing, determinism, resume, eval.
// Tiny dims and the small eng-fra dictionary (a few hundred phrase groups) keep it fast.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "core/error.h"
#include "models/supernet/checkpoint.h"
#include "models/supernet/nlp_train.h"
#include "tests/models/test_data.h"
#include "tests/models/supernet/nlp_test_util.h"

namespace shiftadd::nn {
namespace {

// L = sum(c * logits) with fixed coefficients: its gradient is c, so the check needs no loss op.
double probe_loss(NlpSupernet& net, const NlpBatch& b, const Arch& a, const Tensor& c) {
  const Tensor y = net.forward(b, a);
  double s = 0;
  for (int64_t i = 0; i < y.numel(); ++i) s += double(y[i]) * c[i];
  return s;
}

void gradient_check(BlockType enc, BlockType dec) {
  const SearchSpace sp = load_space(tiny_space_path());
  NlpSupernet net(sp.nlp, 3);
  const NlpBatch b = tiny_batch();
  const Arch a = tiny_arch(enc, dec);
  Rng rng(9);
  const Tensor c = Tensor::randn({b.B, b.Tt, sp.nlp.vocab}, rng, 1.f);
  net.zero_grad();
  probe_loss(net, b, a, c);
  net.backward(c);
  int checked = 0, bad = 0;
  std::string report;
  for (auto& [name, p] : net.params()) {
    if (name.find("T.scale") != std::string::npos || name.find("T2.scale") != std::string::npos) continue;
    for (int64_t i = 0; i < p->value.numel(); i += std::max<int64_t>(1, p->value.numel() / 3)) {
      const float g = p->grad[i];
      if (g == 0.f) continue;  // a slice this subnet does not use
      const float v = p->value[i], h = std::getenv("NLP_FD_H") ? float(std::atof(std::getenv("NLP_FD_H"))) : 1e-3f;
      p->value[i] = v + h;
      const double lp = probe_loss(net, b, a, c);
      p->value[i] = v - h;
      const double lm = probe_loss(net, b, a, c);
      p->value[i] = v;
      const double fd = (lp - lm) / (2.0 * h);
      if (std::abs(fd - g) > 0.05 * std::abs(fd) + 0.02) {
        ++bad;
        report += name + "[" + std::to_string(i) + "] fd " + std::to_string(fd) + " analytic " + std::to_string(g) + "\n";
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
  // One entry may straddle a ReLU kink of the FFN (the difference quotient then averages two slopes).
  EXPECT_LE(bad, 1) << to_string(enc) << "/" << to_string(dec) << "\n" << report;
}

TEST(NlpSupernet, GradientsMatchFiniteDifferencesAttn) { gradient_check(BlockType::kAttn, BlockType::kAttn); }
TEST(NlpSupernet, GradientsMatchFiniteDifferencesConv) { gradient_check(BlockType::kConv, BlockType::kAttnConv); }
TEST(NlpSupernet, GradientsMatchFiniteDifferencesHybrid) { gradient_check(BlockType::kAttnConv, BlockType::kAttn); }

TEST(NlpSupernet, EveryBlockTypeRunsForwardBackward) {
  const SearchSpace sp = load_space(tiny_space_path());
  NlpSupernet net(sp.nlp, 1);
  const NlpBatch b = tiny_batch();
  for (BlockType e : sp.nlp.encoder.block_types)
    for (BlockType d : sp.nlp.decoder.block_types)
      for (int embed : {8, 4}) {
        const Arch a = tiny_arch(e, d, embed);
        check_arch(sp, a, "<test>");
        net.zero_grad();
        const Tensor y = net.forward(b, a);
        ASSERT_EQ(y.shape(), (Shape{b.B, b.Tt, sp.nlp.vocab}));
        Tensor dy(y.shape(), 0.01f);
        net.backward(dy);
        double gsum = 0;
        for (auto& [n, p] : net.params())
          for (float g : p->grad.values()) {
            ASSERT_TRUE(std::isfinite(g)) << n;
            gsum += std::abs(g);
          }
        EXPECT_GT(gsum, 0.0);
        if (e != BlockType::kAttn) {
          double lg = 0;
          for (float g : net.enc[0]->light->lin2.weight.grad.values()) lg += std::abs(g);
          EXPECT_GT(lg, 0.0) << to_string(e);
        }
      }
}

TEST(NlpSupernet, SharedKernelDrivesConvShiftAndAdd) {
  Rng rng(4);
  LightBranch lb(8, 2, 3, false, rng);
  const Tensor x = Tensor::randn({2, 5, 8}, rng, 1.f);
  const std::vector<float> keep(10, 1.f);
  std::vector<Tensor> before;
  for (BlockType k : {BlockType::kConv, BlockType::kShift, BlockType::kAdd}) before.push_back(lb.forward(x, k, keep));
  lb.K.value[0] += 0.7f;  // change only the shared kernel W
  int i = 0;
  for (BlockType k : {BlockType::kConv, BlockType::kShift, BlockType::kAdd}) {
    const Tensor after = lb.forward(x, k, keep);
    double diff = 0;
    for (int64_t j = 0; j < after.numel(); ++j) diff += std::abs(after[j] - before[size_t(i)][j]);
    EXPECT_GT(diff, 1e-4) << to_string(k);
    ++i;
  }
  // Add and shift apply T(W): scaling T's bins changes them, conv (W directly) stays.
  const Tensor conv0 = lb.forward(x, BlockType::kConv, keep), add0 = lb.forward(x, BlockType::kAdd, keep);
  lb.T.scale.value.fill(1.5f);
  const Tensor conv1 = lb.forward(x, BlockType::kConv, keep), add1 = lb.forward(x, BlockType::kAdd, keep);
  EXPECT_EQ(conv0.values(), conv1.values());
  EXPECT_NE(add0.values(), add1.values());
  // The shift-linear's weights are signed powers of two.
  const Tensor ws = lb.shift_weight(8);
  for (float w : ws.values())
    if (w != 0.f) {
      EXPECT_EQ(std::exp2(std::round(std::log2(std::abs(w)))), std::abs(w));
    }
}

// The KL terms of the CV supernet, on the NLP supernet's shared kernel: conv pulls K, add pulls T(K)
// (its gradient reaches both K and T, and matches finite differences), shift has none.
TEST(NlpSupernet, KlTermsReachKernelAndT) {
  Rng rng(4);
  LightBranch lb(8, 2, 5, false, rng);
  lb.T.scale.value.fill(1.3f);  // uniform, so that a finite-difference step across a bin edge is smooth
  auto zero = [&] {
    lb.K.grad.fill(0.f);
    lb.T.scale.grad.fill(0.f);
  };
  auto kl_of = [&](BlockType k) {  // the same samples every call
    Rng r(9);
    return lb.kl_loss(k, r, 1.f);
  };
  auto abs_sum = [](const Tensor& t) {
    double s = 0;
    for (float v : t.values()) s += std::abs(v);
    return s;
  };
  zero();
  EXPECT_GT(kl_of(BlockType::kConv), 0.0);
  EXPECT_GT(abs_sum(lb.K.grad), 0.0);
  EXPECT_EQ(abs_sum(lb.T.scale.grad), 0.0);
  zero();
  EXPECT_EQ(kl_of(BlockType::kShift), 0.0);
  EXPECT_EQ(abs_sum(lb.K.grad), 0.0);
  const double kl = kl_of(BlockType::kAdd);
  EXPECT_GT(kl, 0.0);
  EXPECT_GT(abs_sum(lb.T.scale.grad), 0.0);
  const Tensor dk = lb.K.grad;
  for (int64_t i : {1, 4, 7}) {  // not the min / max element (they set the bin edges)
    const float k0 = lb.K.value[i], h = 1e-3f;
    lb.K.value[i] = k0 + h;
    const double up = kl_of(BlockType::kAdd);
    lb.K.value[i] = k0 - h;
    const double down = kl_of(BlockType::kAdd);
    lb.K.value[i] = k0;
    EXPECT_NEAR((up - down) / (2 * h), dk[i], 2e-2 * std::abs(dk[i]) + 1e-5) << i;
  }
}

NlpTrainOptions tiny_options(const std::string& out) {
  NlpTrainOptions n;
  n.pair = "eng-fra";
  n.dictd_dir = test_data::kDictdDir;
  n.base.space_path = tiny_space_path();
  n.base.out_dir = out;
  n.base.steps = 6;
  n.base.batch_size = 8;
  n.base.ckpt_every = 3;
  n.base.log_every = 100;
  n.base.train_limit = 300;
  n.base.lr = 3e-3f;
  n.base.sandwich = true;
  return n;
}

std::string run_dir(const std::string& name) {
  // Per process, as testing::temp_run_dir: parallel ctest processes must not remove each other's runs.
  const auto d = std::filesystem::temp_directory_path() / ("shiftadd_nlp_test_" + name + "." + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  return d.string();
}

std::vector<float> all_params(const std::string& dir) {
  const Checkpoint ck = load_checkpoint(dir + "/checkpoint.bin");
  std::vector<float> v;
  for (const auto& [n, t] : ck.tensors) v.insert(v.end(), t.values().begin(), t.values().end());
  return v;
}

TEST(NlpTrain, DeterministicAndResumeIsBitIdentical) {
  const std::string a = run_dir("a"), b = run_dir("b"), c = run_dir("c");
  train_nlp_supernet(tiny_options(a));
  train_nlp_supernet(tiny_options(b));
  EXPECT_EQ(all_params(a), all_params(b));
  NlpTrainOptions first = tiny_options(c);
  first.base.stop_after = 3;  // "killed" after the step-3 checkpoint
  EXPECT_EQ(train_nlp_supernet(first).step, 3);
  NlpTrainOptions rest;
  rest.base.out_dir = c;
  rest.base.resume = true;
  EXPECT_EQ(train_nlp_supernet(rest).step, 6);
  EXPECT_EQ(all_params(a), all_params(c));
  NlpTrainOptions other = tiny_options(run_dir("d"));
  other.base.seed = 2;
  train_nlp_supernet(other);
  EXPECT_NE(all_params(a), all_params(other.base.out_dir));
}

// --kl-coef reaches the NLP loss, is recorded in run.json and keeps resume bit-identical; < 0 is refused.
TEST(NlpTrain, KlCoefChangesTheRunAndResumes) {
  const std::string a = run_dir("kl0"), b = run_dir("kl1"), c = run_dir("kl1r");
  train_nlp_supernet(tiny_options(a));
  NlpTrainOptions kl = tiny_options(b);
  kl.kl_coef = 1.f;
  train_nlp_supernet(kl);
  EXPECT_NE(all_params(a), all_params(b));
  kl.base.out_dir = c;
  kl.base.stop_after = 3;
  train_nlp_supernet(kl);
  NlpTrainOptions rest;
  rest.base.out_dir = c;
  rest.base.resume = true;
  EXPECT_EQ(train_nlp_supernet(rest).step, 6);
  EXPECT_EQ(all_params(b), all_params(c)) << "resume must read kl_coef back from run.json";
  NlpTrainOptions bad = tiny_options(run_dir("klbad"));
  bad.kl_coef = -1.f;
  EXPECT_THROW(train_nlp_supernet(bad), InputError);
}

TEST(NlpTrain, TinyRunEvaluatesAndExports) {
  const std::string dir = run_dir("eval");
  NlpTrainOptions o = tiny_options(dir);
  o.base.steps = 20;
  const TrainSummary s = train_nlp_supernet(o);
  EXPECT_TRUE(std::isfinite(s.last_loss));
  const NlpRun full = load_nlp_run(dir);
  std::filesystem::remove(dir + "/checkpoint.bin");  // a release keeps weights_f16/ only
  NlpRun run = load_nlp_run(dir);
  EXPECT_EQ(run.step, 20);
  const ParamList pf = full.net->params(), ph = run.net->params();
  ASSERT_EQ(pf.size(), ph.size());
  for (size_t i = 0; i < pf.size(); ++i)
    for (int64_t j = 0; j < pf[i].second->value.numel(); ++j)
      ASSERT_NEAR(ph[i].second->value[j], pf[i].second->value[j], 1e-3 * std::abs(pf[i].second->value[j]) + 1e-7)
          << pf[i].first;
  NlpEvalOptions eo;
  eo.limit = 12;
  const Arch a = tiny_arch(BlockType::kAttnShift, BlockType::kAttnAdd);
  const NlpEvalResult r = eval_nlp_subnet(run, a, eo);
  EXPECT_EQ(r.count, 12);
  EXPECT_GE(r.bleu.score, 0.0);
  EXPECT_GE(r.copy_bleu.score, 0.0);
  const std::string out = run_dir("export");
  export_nlp_subnet(run, a, out);
  EXPECT_TRUE(std::filesystem::exists(out + "/weights/enc0.light.shift_weight.npy"));
  EXPECT_TRUE(std::filesystem::exists(out + "/weights/dec1.cross.k.weight.npy"));
  EXPECT_EQ(load_arch(out + "/arch.yaml", run.space).encoder.size(), 2u);
}

TEST(NlpTrain, BadInputsNameTheProblem) {
  NlpTrainOptions o = tiny_options(run_dir("bad"));
  o.dictd_dir = "/nonexistent/dictd";
  try {
    train_nlp_supernet(o);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dictd/freedict-eng-fra.index"), std::string::npos) << e.what();
  }
  TrainOptions cv;
  cv.mode = ShareMode::kNaive;
  EXPECT_THROW(nlp_options_from(cv), InputError);
  const SearchSpace sp = load_space(tiny_space_path());
  Arch a = tiny_arch(BlockType::kConv, BlockType::kConv);  // conv is not a decoder block type
  EXPECT_THROW(check_arch(sp, a, "x.yaml"), ConfigError);
}

}  // namespace
}  // namespace shiftadd::nn
