// Integer inference of NLP subnets (models/quant/quant_nlp.*): the float and calibration passes are the
// supernet's own forward, every GEMM site runs on the array of its kind, greedy decoding encodes once, and
// the integer path is deterministic whatever runs its GEMMs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>

#include "core/error.h"
#include "models/quant/quant_nlp.h"
#include "tests/models/supernet/nlp_test_util.h"

namespace shiftadd::nn::quant {
namespace {

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), sizeof(float) * size_t(a.numel())) == 0;
}

struct Fixture {
  SearchSpace sp = load_space(tiny_space_path());
  NlpSupernet net{sp.nlp, 4};
  NlpBatch b = tiny_batch();
};

TEST(QuantNlp, FloatAndCalibrationPassesAreTheSupernetForward) {
  Fixture f;
  for (const auto& [e, d] : {std::pair{BlockType::kAttnShift, BlockType::kAttnAdd}, {BlockType::kConv, BlockType::kAttnConv},
                             {BlockType::kAdd, BlockType::kAttn}}) {
    const Arch a = tiny_arch(e, d);
    const Tensor ref = f.net.forward(f.b, a);
    QuantizedNlpSubnet q(f.net, a);
    EXPECT_TRUE(same_bits(q.calibrate(f.b), ref)) << to_string(e);
    q.finalize();
    EXPECT_TRUE(same_bits(q.forward(f.b, false), ref)) << to_string(e);
    EXPECT_FALSE(same_bits(q.forward(f.b, true), ref)) << to_string(e);
  }
}

TEST(QuantNlp, EverySiteRunsOnTheArrayOfItsKind) {
  Fixture f;
  const Arch a = tiny_arch(BlockType::kShift, BlockType::kAttnConv);  // shift-linear + add conv; mult conv
  std::map<PeKind, int64_t> jobs;
  QuantOptions o;
  o.runner = [&](PeKind pe, const AccSpec& acc, const IntGemmJob& job) {
    ++jobs[pe];
    return parallel_int_gemm(pe, acc, job);
  };
  QuantizedNlpSubnet q(f.net, a, o);
  const Tensor ref = q.calibrate(f.b);
  q.finalize();
  jobs.clear();
  const Tensor y = q.forward(f.b, true);
  // Encoder: per layer lin1a, lin1g, shift-linear, 2 add-conv heads, lin2, fc1, fc2. Decoder: per layer
  // Q/K/V/out, B * heads/2 * 2 attention matmuls, lin1a, lin1g, 2 mult-conv heads, lin2, cross Q/K/V/out,
  // B * heads * 2 matmuls, fc1, fc2; then the output projection.
  EXPECT_EQ(jobs[PeKind::kShift], 2);
  EXPECT_EQ(jobs[PeKind::kAdd], 2 * 2);
  const int64_t B = f.b.B;
  EXPECT_EQ(jobs[PeKind::kMult], 2 * 5 + 2 * (4 + B * 1 * 2 + 2 + 2 + 1 + 4 + B * 2 * 2 + 2) + 1);
  EXPECT_EQ(q.integer_sites(), 2 * 7 + 2 * 16 + 1);  // an attention core or a conv is one site
  double err = 0, norm = 0;
  for (int64_t i = 0; i < y.numel(); ++i) err += double(y[i] - ref[i]) * (y[i] - ref[i]), norm += double(ref[i]) * ref[i];
  EXPECT_LT(std::sqrt(err / norm), 0.1);  // 8-bit formats on a random net: a few percent of the logits' norm
}

TEST(QuantNlp, GreedyEncodesOnceWithTheFullForwardsLogits) {
  Fixture f;
  const Arch a = tiny_arch(BlockType::kAttnAdd, BlockType::kAttnShift);
  const std::vector<std::vector<int32_t>> src{{5, 6, 7}, {8, 9}};
  std::vector<Tensor> steps;
  const auto out = f.net.greedy(src, a, 4, [&](int64_t, const Tensor& l) { steps.push_back(l); });
  ASSERT_GE(steps.size(), 2u);
  for (size_t t = 1; t <= steps.size(); ++t) {  // the batch greedy builds at step t, run as one forward
    std::vector<NlpExample> ex;
    for (size_t i = 0; i < src.size(); ++i) {
      std::vector<int32_t> prefix(out[i].begin(), out[i].begin() + int64_t(t) - 1);
      ex.push_back({src[i], prefix});
    }
    NlpBatch b = make_batch(ex, {0, 1});
    b.Tt = int64_t(t);
    b.tgt_in.assign(size_t(b.B * b.Tt), 0);
    for (int64_t i = 0; i < b.B; ++i) {
      b.tgt_in[size_t(i * b.Tt)] = 1;
      for (int64_t j = 1; j < b.Tt; ++j) b.tgt_in[size_t(i * b.Tt + j)] = out[size_t(i)][size_t(j - 1)];
    }
    EXPECT_TRUE(same_bits(f.net.forward(b, a), steps[t - 1])) << "step " << t;
  }
}

TEST(QuantNlp, IntegerGreedyIsTheSameWhateverRunsTheGemms) {
  Fixture f;
  const Arch a = tiny_arch(BlockType::kAttnShift, BlockType::kAttnAdd);
  const std::vector<std::vector<int32_t>> src{{5, 6, 7}, {8, 9}, {10}};
  auto decode = [&](const GemmRunner& runner, std::vector<Tensor>& steps) {
    QuantOptions o;
    o.runner = runner;
    QuantizedNlpSubnet q(f.net, a, o);
    q.calibrate(f.b);
    q.finalize();
    return q.greedy(src, 6, true, [&](int64_t, const Tensor& l) { steps.push_back(l); });
  };
  std::vector<Tensor> s1, s2;
  const auto t1 = decode({}, s1);
  const auto t2 = decode([](PeKind pe, const AccSpec& acc, const IntGemmJob& job) { return workload::int_gemm(pe, acc, job); }, s2);
  EXPECT_EQ(t1, t2);
  ASSERT_EQ(s1.size(), s2.size());
  for (size_t i = 0; i < s1.size(); ++i) EXPECT_TRUE(same_bits(s1[i], s2[i])) << "step " << i;
  // The hook is removed afterwards: the supernet is back to its float forward.
  EXPECT_TRUE(same_bits(f.net.forward(f.b, a), Fixture{}.net.forward(f.b, a)));
}

TEST(QuantNlp, UseBeforeCalibrationIsAnError) {
  Fixture f;
  const Arch a = tiny_arch(BlockType::kAttn, BlockType::kAttn);
  QuantizedNlpSubnet q(f.net, a);
  EXPECT_THROW(q.finalize(), InputError);
  EXPECT_THROW(q.forward(f.b, true), InputError);
  EXPECT_THROW(q.greedy({{5}}, 3, true), InputError);
  q.calibrate(f.b);
  q.finalize();
  EXPECT_THROW(q.calibrate(f.b), InputError);
}

}  // namespace
}  // namespace shiftadd::nn::quant
