#pragma once
// Tiny CV space and run helpers for the supernet tests (a few hundred Fashion-MNIST images).
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "models/supernet/cv_train.h"
#include "tests/models/test_data.h"

namespace shiftadd::nn::testing {

// Written to a per-process file and renamed into place: tests in parallel processes (ctest -j) share the
// path and must never read it half-written.
inline std::string tiny_space_path() {
  const std::string path = (std::filesystem::temp_directory_path() / "shiftadd_tiny_space.yaml").string();
  const std::string tmp = path + "." + std::to_string(::getpid());
  std::ofstream(tmp) << R"(name: tiny
task: cv
input: {channels: 1, height: 28, width: 28}
num_classes: 10
stem: {channels: 4, kernel: 3, stride: 2, maxpool: false}
block: {expansion: 2, attn_head_dim: 4, peg: false}
total_depth: 0
stages:
  - {resolution: 14, channels: 4, depth: [1, 2], blocks: [conv, add, shift]}
  - {resolution: 7, channels: 8, depth: [1, 2], blocks: [attn, conv, add, shift]}
)";
  std::filesystem::rename(tmp, path);
  return path;
}

// Per process: ctest -j runs the cases of one suite as parallel processes, and a shared folder let one
// process remove the run another was reading (QuantSubnetTest: "run.json: cannot read").
inline std::string temp_run_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("shiftadd_test_" + name + "." + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

inline TrainOptions tiny_train_options(const std::string& out) {
  TrainOptions o;
  o.space_path = tiny_space_path();
  o.out_dir = out;
  o.steps = 6;
  o.batch_size = 16;
  o.ckpt_every = 3;
  o.log_every = 100;
  o.train_limit = 256;
  o.seed = 11;
  o.data_dir = test_data::kFashionMnistDir;
  return o;
}

}  // namespace shiftadd::nn::testing
