// CV inherited-weight evaluation (with optional BN recalibration) and standalone export of a subnet.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text_file.h"
#include "core/error.h"
#include "core/npy.h"
#include "models/data/batch_iterator.h"
#include "models/supernet/cv_train.h"

namespace shiftadd::nn {
namespace fs = std::filesystem;

int64_t count_correct(const Tensor& logits, const std::vector<int64_t>& labels) {
  const int64_t C = logits.dim(1);
  int64_t correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    const float* row = logits.data() + int64_t(i) * C;
    correct += (std::max_element(row, row + C) - row) == labels[i];
  }
  return correct;
}

void recalibrate_cv_subnet(CvRun& run, const Arch& arch, const CvEvalOptions& opt) {
  CvSupernet& net = *run.net;
  net.set_training(false);
  std::vector<int64_t> labels;
  if (opt.bn_recalib > 0) {
    data::FashionMnistOptions fo;
    fo.dir = opt.data_dir;
    const data::ImageSet train = data::load_fashion_mnist(data::MnistSplit::kTrain, fo);
    const std::vector<int64_t> order = data::seeded_permutation(train.size(), 7);
    recalibrate_batchnorm(net.batchnorms(arch), opt.bn_recalib, [&](int i) {
      const int64_t b0 = (int64_t(i) * opt.recalib_batch) % train.size();
      std::vector<int64_t> idx;
      for (int64_t k = 0; k < opt.recalib_batch; ++k) idx.push_back(order[size_t((b0 + k) % train.size())]);
      net.forward(images_to_tensor(train, idx, labels), arch);
    });
  }
}

CvEvalResult eval_cv_subnet(CvRun& run, const Arch& arch, const CvEvalOptions& opt) {
  check_arch(run.space, arch, "<arch>");
  CvSupernet& net = *run.net;
  CvEvalResult res;
  for (auto& [n, p] : net.arch_params(arch)) res.params += p->value.numel();
  const InferenceScope inference(net, opt.kernels);
  recalibrate_cv_subnet(run, arch, opt);
  std::vector<int64_t> labels;
  data::FashionMnistOptions fo;
  fo.dir = opt.data_dir;
  fo.limit = opt.test_limit;
  const data::ImageSet test = data::load_fashion_mnist(data::MnistSplit::kTest, fo);
  int64_t correct = 0;
  for (int64_t b0 = 0; b0 < test.size(); b0 += opt.batch_size) {
    std::vector<int64_t> idx;
    for (int64_t i = b0; i < std::min(test.size(), b0 + opt.batch_size); ++i) idx.push_back(i);
    correct += count_correct(net.forward(images_to_tensor(test, idx, labels), arch), labels);
  }
  res.count = test.size();
  res.accuracy = double(correct) / double(std::max<int64_t>(res.count, 1));
  return res;
}

void export_cv_subnet(CvRun& run, const Arch& arch, const std::string& out_dir) {
  check_arch(run.space, arch, "<arch>");
  fs::create_directories(out_dir + "/weights");
  save_arch(out_dir + "/arch.yaml", arch, run.space);
  nlohmann::json files = nlohmann::json::array();
  auto put = [&](const std::string& name, const Tensor& t, const char* kind) {
    const std::string rel = "weights/" + name + ".npy";
    write_npy(out_dir + "/" + rel, make_npy_f32(t.shape(), t.to_vector()));
    files.push_back({{"name", name}, {"file", rel}, {"shape", t.shape()}, {"kind", kind}});
  };
  for (auto& [n, p] : run.net->arch_params(arch)) put(n, p->value, "param");
  for (auto& [n, b] : run.net->arch_buffers(arch)) put(n, *b, "buffer");
  for (auto& [n, t] : run.net->effective_weights(arch)) put(n, t, "effective_weight");
  const nlohmann::json manifest{{"format", "shiftadd-subnet-v1"},
                                {"space", run.space.name},
                                {"share_mode", to_string(run.options.mode)},
                                {"supernet_step", run.step},
                                {"arch_key", arch_key(arch, run.space)},
                                {"tensors", files}};
  write_file_atomic(out_dir + "/manifest.json", manifest.dump(1) + "\n");
}

}  // namespace shiftadd::nn
