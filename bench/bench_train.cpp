// Training-step throughput of the supernets, the figure behind docs/performance.md: one AdamW step of
// forward + loss + backward on real batches, with the trainers' settings (models/supernet/cv_train.cpp,
// nlp_train.cpp). Data loading and checkpoints are outside the timed loop. Items: images (CV) and
// non-padding target tokens incl. </s> (NLP, fairseq's convention), so items_per_second is images/s or
// tokens/s. Run from the repository root after set-up: build/bench/bench_train.
#include <benchmark/benchmark.h>

#include "bench/tuned_main.h"
#include "models/data/phrase_dataset.h"
#include "models/ops/cross_entropy.h"
#include "models/optim/optimizer.h"
#include "models/supernet/cv_supernet.h"
#include "models/supernet/nlp_train.h"
#include "models/supernet/cv_train.h"

namespace {
using namespace shiftadd;
using namespace shiftadd::nn;

const std::string kRoot = SHIFTADD_SOURCE_DIR;
// The data sets as the Debian packages install them.
const char* const kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
const char* const kDictdDir = "/usr/share/dictd";

// range(0): 0 = one random path per step (supernet training), 1 = the fixed hybrid_a subnet (fine-tune).
void BM_CvTrainStep(benchmark::State& st) {
  const SearchSpace space = load_space(kRoot + "/configs/space/fmnist.yaml");
  const Arch fixed = load_arch(kRoot + "/configs/subnets/fmnist/hybrid_a.yaml", space);
  data::FashionMnistOptions fo;
  fo.dir = kFashionMnistDir;
  fo.limit = 640;
  const data::ImageSet train = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
  CvSupernet net(space.cv, ShareMode::kHeterogeneous, 1);
  AdamW optim(net.params(), AdamWOptions{0.9f, 0.999f, 1e-8f, 0.01f});
  Rng rng(1);
  std::vector<int64_t> idx(64), labels;
  int64_t b = 0;
  for (auto _ : st) {
    for (int64_t i = 0; i < 64; ++i) idx[size_t(i)] = (b * 64 + i) % train.size();
    ++b;
    const Tensor x = images_to_tensor(train, idx, labels);
    const Arch a = st.range(0) == 0 ? sample_arch(space, rng) : fixed;
    optim.zero_grad();
    CrossEntropyResult ce = cross_entropy(net.forward(x, a), labels);
    net.backward(ce.dlogits);
    if (st.range(0) == 0) net.kl_loss(a, rng, 10.f);
    optim.step(1e-3f);
  }
  st.SetItemsProcessed(st.iterations() * 64);
}
BENCHMARK(BM_CvTrainStep)->ArgNames({"fixed_subnet"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// One random subnet per step on batches of 128 FreeDict eng-deu pairs (a 4 MB prefix of the dictionary),
// tokenized with the released supernet's BPE vocabulary.
void BM_NlpTrainStep(benchmark::State& st) {
  const SearchSpace space = load_space(kRoot + "/configs/space/freedict.yaml");
  const auto tok = data::SubwordTokenizer::load(kRoot + "/runs/release/freedict_supernet/tokenizer.txt");
  data::FreedictOptions fo;
  fo.dictd_dir = kDictdDir;
  fo.max_dict_bytes = size_t(4) << 20;
  const auto ex = encode_pairs(data::flatten_pairs(data::load_freedict(fo).train), tok, space.nlp);
  NlpSupernet net(space.nlp, 1);
  AdamW optim(net.params(), AdamWOptions{0.9f, 0.98f, 1e-8f, 0.01f});
  CrossEntropyOptions ceo;
  ceo.label_smoothing = 0.1f;
  ceo.ignore_index = data::SubwordTokenizer::kPad;
  Rng rng(1);
  std::vector<int64_t> idx(128);
  int64_t b = 0, tokens = 0;
  for (auto _ : st) {
    for (int64_t i = 0; i < 128; ++i) idx[size_t(i)] = (b * 128 + i) % int64_t(ex.size());
    ++b;
    const NlpBatch batch = make_batch(ex, idx);
    const Arch a = sample_arch(space, rng);
    optim.zero_grad();
    CrossEntropyResult ce = cross_entropy(net.forward(batch, a), batch.tgt_out, ceo);
    net.backward(ce.dlogits);
    optim.step(1e-3f);
    tokens += ce.count;
  }
  st.SetItemsProcessed(tokens);
}
BENCHMARK(BM_NlpTrainStep)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

SHIFTADD_BENCHMARK_MAIN()
