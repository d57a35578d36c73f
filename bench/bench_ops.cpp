// Forward and backward time of the neural operator kernels (models/ops) on CV- and NLP-sized inputs.
// Items are images (conv-like ops) or tokens (linear, attention). Benchmark names: <op>/<pass>.
// SubnetInference: a whole subnet's float inference (Eigen or fixed kernels), compared with PyTorch by
// bench/run_torch_compare.sh. GemmFixed and ConvFixed: the fixed-order kernels on that subnet's shapes
// (items: multiply-accumulates for GemmFixed, images for ConvFixed).
#include <benchmark/benchmark.h>

#include "bench/tuned_main.h"
#include "models/data/fashion_mnist.h"
#include "models/supernet/cv_train.h"

#include "models/ops/adder.h"
#include "models/ops/attention.h"
#include "models/ops/conv2d.h"
#include "models/ops/conv2d_fixed.h"
#include "models/ops/gemm_fixed.h"
#include "models/ops/linear.h"

namespace {
using namespace shiftadd::nn;

constexpr int64_t kBatch = 64;

struct ConvCase {
  Tensor x, w, y, dw;
  Conv2dSpec s;
  ConvCase(int64_t c, int64_t hw, int64_t groups) : s(Conv2dSpec::square(3, 1, 1, groups)) {
    shiftadd::Rng rng(1);
    x = Tensor::randn({kBatch, c, hw, hw}, rng);
    w = Tensor::randn({c, c / groups, 3, 3}, rng);
    y = conv2d_forward(x, w, nullptr, s);
    dw = Tensor::zeros_like(w);
  }
};

void BM_Conv(benchmark::State& st) {
  ConvCase c(64, 14, st.range(0));
  for (auto _ : st) {
    if (st.range(1) == 0) benchmark::DoNotOptimize(conv2d_forward(c.x, c.w, nullptr, c.s));
    else benchmark::DoNotOptimize(conv2d_backward(c.x, c.w, c.y, c.s, &c.dw, nullptr));
  }
  st.SetItemsProcessed(st.iterations() * kBatch);
}
BENCHMARK(BM_Conv)->ArgNames({"groups", "bwd"})->Args({1, 0})->Args({1, 1})->Args({64, 0})->Args({64, 1})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AdderConv(benchmark::State& st) {
  ConvCase c(64, 14, 1);
  for (auto _ : st) {
    if (st.range(0) == 0) benchmark::DoNotOptimize(adder_conv2d_forward(c.x, c.w, nullptr, c.s));
    else benchmark::DoNotOptimize(adder_conv2d_backward(c.x, c.w, c.y, c.s, &c.dw, nullptr));
  }
  st.SetItemsProcessed(st.iterations() * kBatch);
}
BENCHMARK(BM_AdderConv)->ArgNames({"bwd"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Linear(benchmark::State& st) {
  shiftadd::Rng rng(2);
  Tensor x = Tensor::randn({kBatch * 16, 256}, rng), w = Tensor::randn({1024, 256}, rng);
  Tensor y = linear_forward(x, w, nullptr), dw = Tensor::zeros_like(w);
  for (auto _ : st) {
    if (st.range(0) == 0) benchmark::DoNotOptimize(linear_forward(x, w, nullptr));
    else benchmark::DoNotOptimize(linear_backward(x, w, y, &dw, nullptr));
  }
  st.SetItemsProcessed(st.iterations() * x.dim(0));
}
BENCHMARK(BM_Linear)->ArgNames({"bwd"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SelfAttention(benchmark::State& st) {
  shiftadd::Rng rng(3);
  MultiHeadAttention mha(256, 4, rng);
  Tensor x = Tensor::randn({kBatch, 16, 256}, rng);
  AttnMask mask;
  mask.causal = true;
  Tensor y = mha.forward_self(x, mask);
  for (auto _ : st) {
    benchmark::DoNotOptimize(mha.forward_self(x, mask));
    if (st.range(0) == 1) benchmark::DoNotOptimize(mha.backward_self(y));
  }
  st.SetItemsProcessed(st.iterations() * kBatch * 16);
}
BENCHMARK(BM_SelfAttention)->ArgNames({"with_bwd"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// gemm_fixed alone (best ISA) on [O x K] x [K x P] with contiguous x: the conv layers' GEMMs of the
// conv-only fmnist subnet (7x7 x 6 images, 14x14 x 2, 28x28), and a long one.
void BM_GemmFixed(benchmark::State& st) {
  const int64_t O = st.range(0), K = st.range(1), P = st.range(2);
  const std::vector<float> w(size_t(O * K), 0.5f), x(size_t(K * P), 0.25f);
  std::vector<float> y(size_t(O * P));
  for (auto _ : st) gemm_fixed(w.data(), x.data(), y.data(), {O, K, P, K, P, P});
  st.SetItemsProcessed(int64_t(st.iterations()) * O * K * P);
}
BENCHMARK(BM_GemmFixed)->ArgNames({"O", "K", "P"})->Args({48, 432, 448})->Args({24, 216, 448})
    ->Args({8, 72, 832})->Args({48, 432, 4096})->UseRealTime();

// conv2d_forward_fixed with BatchNorm + ReLU (+ the shortcut where shapes allow), batch 64, on the conv-only
// subnet's layer shapes: C -> O channels at H x H, stride s.
void BM_ConvFixed(benchmark::State& st) {
  const int64_t C = st.range(0), O = st.range(1), H = st.range(2), s = st.range(3);
  shiftadd::Rng rng(1);
  const Tensor x = Tensor::randn({kBatch, C, H, H}, rng), w = Tensor::randn({O, C, 3, 3}, rng);
  BatchNorm::Affine bn{std::vector<float>(size_t(O), 0.1f), std::vector<float>(size_t(O), 1.1f),
                       std::vector<float>(size_t(O), 0.9f), std::vector<float>(size_t(O), 0.2f)};
  const ConvEpilogue ep = bn_relu_epilogue(bn, nullptr, s == 1 && C == O ? &x : nullptr);
  const Conv2dSpec spec = Conv2dSpec::square(3, s, 1, 1);
  for (auto _ : st) benchmark::DoNotOptimize(conv2d_forward_fixed(x, w, spec, ep));
  st.SetItemsProcessed(int64_t(st.iterations()) * kBatch);
}
BENCHMARK(BM_ConvFixed)->ArgNames({"C", "O", "H", "stride"})->Args({1, 8, 28, 1})->Args({8, 8, 28, 1})
    ->Args({8, 24, 28, 2})->Args({24, 24, 14, 1})->Args({24, 48, 14, 2})->Args({48, 48, 7, 1})->UseRealTime();

// What `shiftadd eval` runs per batch: the conv-only fmnist subnet (configs/subnets/fmnist/conv_only.yaml
// on runs/release/fmnist_supernet), eval and inference mode, the 10,000 test images in batches of
// `batch` (eval's is 500), on all cores (TBB). bench/torch_subnet.py times the same subnet and weights
// in PyTorch.
void BM_SubnetInference(benchmark::State& st) {
  CvRun run = load_cv_run(SHIFTADD_SOURCE_DIR "/runs/release/fmnist_supernet");
  const shiftadd::Arch arch = shiftadd::load_arch(SHIFTADD_SOURCE_DIR "/configs/subnets/fmnist/conv_only.yaml", run.space);
  shiftadd::data::FashionMnistOptions fo;
  fo.dir = "/usr/share/datasets/fashion-mnist";
  const shiftadd::data::ImageSet test = shiftadd::data::load_fashion_mnist(shiftadd::data::MnistSplit::kTest, fo);
  std::vector<Tensor> batches;
  std::vector<int64_t> idx, labels;
  const int64_t batch = st.range(0);
  for (int64_t b0 = 0; b0 < test.size(); b0 += batch) {
    idx.clear();
    for (int64_t i = b0; i < std::min(test.size(), b0 + batch); ++i) idx.push_back(i);
    batches.push_back(images_to_tensor(test, idx, labels));
  }
  run.net->set_training(false);
  const InferenceScope inference(*run.net, st.range(1) ? Kernels::kFixed : Kernels::kEigen);
  for (auto _ : st)
    for (const Tensor& x : batches) benchmark::DoNotOptimize(run.net->forward(x, arch));
  st.SetItemsProcessed(int64_t(st.iterations()) * test.size());
}
// fixed:1 runs the fixed-order kernels (models/ops/gemm_fixed.h), fixed:0 Eigen's.
BENCHMARK(BM_SubnetInference)->ArgNames({"batch", "fixed"})->ArgsProduct({{64, 256, 500}, {0, 1}})
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

}  // namespace

SHIFTADD_BENCHMARK_MAIN()
