#pragma once
// Fashion-MNIST from the Debian package dataset-fashion-mnist (gzipped IDX files).
//
// Normalization: x = (pixel / 255 - kMean) / kStd with the training-set statistics
// kMean = 0.2860, kStd = 0.3530 (measured over all 60000 x 784 training pixels:
// mean 0.28604, std 0.35302). The same constants are used for every split.
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace shiftadd::data {

inline constexpr float kFashionMnistMean = 0.2860f;
inline constexpr float kFashionMnistStd = 0.3530f;
inline constexpr int kFashionMnistClasses = 10;
extern const std::array<const char*, 10> kFashionMnistClassNames;

using ImageMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// N images, one per row, each row a rows x cols image in row-major order (NCHW, C = 1).
struct ImageSet {
  int64_t rows = 0, cols = 0;
  ImageMatrix images;
  std::vector<int32_t> labels;

  int64_t size() const { return int64_t(labels.size()); }
  // Rows `idx` in that order (a batch, or a split).
  ImageSet subset(const std::vector<int64_t>& idx) const;
};

enum class MnistSplit { kTrain, kTest };

struct FashionMnistOptions {
  std::string dir;         // the directory of the gzipped IDX files (required; the CLI has the default)
  int64_t limit = 0;       // > 0: only the first `limit` samples (tests, smoke runs)
  bool normalize = true;   // false: raw pixel / 255 in [0, 1]
};

// Loads train (60000) or test (10000). Throws DataError naming the offending file when a
// file is missing, corrupt or truncated, when labels are out of range, or when the image
// and label counts differ; InputError when opt.dir is empty.
ImageSet load_fashion_mnist(MnistSplit split, const FashionMnistOptions& opt);

// Same, from explicit file paths (any MNIST-format pair).
ImageSet load_idx_images_labels(const std::string& images_path, const std::string& labels_path,
                                int64_t limit, bool normalize, int num_classes = 10);

// Fixed, seeded hold-out split of a training set: a seeded permutation; the first
// `n_valid` indices (kept in ascending order) form `valid`, the rest `train`.
struct TrainValidSplit {
  ImageSet train, valid;
};
TrainValidSplit split_train_valid(const ImageSet& full, int64_t n_valid, uint64_t seed);

// The default hold-out used by the project: 5000 of the 60000 training images, seed 2022.
inline constexpr int64_t kFashionMnistValidSize = 5000;
inline constexpr uint64_t kFashionMnistValidSeed = 2022;

}  // namespace shiftadd::data
