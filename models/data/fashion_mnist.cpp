#include "models/data/fashion_mnist.h"

#include <algorithm>

#include "core/error.h"
#include "models/data/batch_iterator.h"
#include "models/data/idx_file.h"

namespace shiftadd::data {

const std::array<const char*, 10> kFashionMnistClassNames = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

ImageSet ImageSet::subset(const std::vector<int64_t>& idx) const {
  ImageSet out;
  out.rows = rows;
  out.cols = cols;
  out.images.resize(long(idx.size()), images.cols());
  out.labels.resize(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) {
    if (idx[i] < 0 || idx[i] >= size())
      throw InputError("ImageSet::subset: index " + std::to_string(idx[i]) + " out of range");
    out.images.row(long(i)) = images.row(long(idx[i]));
    out.labels[i] = labels[size_t(idx[i])];
  }
  return out;
}

ImageSet load_idx_images_labels(const std::string& images_path, const std::string& labels_path,
                                int64_t limit, bool normalize, int num_classes) {
  const IdxArray img = read_idx_gz(images_path, 3, limit);
  const IdxArray lab = read_idx_gz(labels_path, 1, limit);
  if (img.dims[0] != lab.dims[0])
    throw DataError(labels_path, "has " + std::to_string(lab.dims[0]) + " labels but " +
                                     images_path + " has " + std::to_string(img.dims[0]) +
                                     " images");
  ImageSet s;
  s.rows = img.dims[1];
  s.cols = img.dims[2];
  const int64_t n = img.dims[0], d = s.rows * s.cols;
  s.images.resize(long(n), long(d));
  const float scale = normalize ? 1.0f / (255.0f * kFashionMnistStd) : 1.0f / 255.0f;
  const float shift = normalize ? kFashionMnistMean / kFashionMnistStd : 0.0f;
  float* dst = s.images.data();
  for (int64_t i = 0; i < n * d; ++i) dst[i] = float(img.values[size_t(i)]) * scale - shift;
  s.labels.resize(size_t(n));
  for (int64_t i = 0; i < n; ++i) {
    const int v = lab.values[size_t(i)];
    if (v >= num_classes)
      throw DataError(labels_path, "label " + std::to_string(v) + " at index " +
                                       std::to_string(i) + " is outside [0, " +
                                       std::to_string(num_classes) + ")");
    s.labels[size_t(i)] = v;
  }
  return s;
}

ImageSet load_fashion_mnist(MnistSplit split, const FashionMnistOptions& opt) {
  if (opt.dir.empty()) throw InputError("load_fashion_mnist: no data directory given");
  const std::string prefix = split == MnistSplit::kTrain ? "/train" : "/t10k";
  return load_idx_images_labels(opt.dir + prefix + "-images-idx3-ubyte.gz",
                                opt.dir + prefix + "-labels-idx1-ubyte.gz", opt.limit,
                                opt.normalize, kFashionMnistClasses);
}

TrainValidSplit split_train_valid(const ImageSet& full, int64_t n_valid, uint64_t seed) {
  if (n_valid < 0 || n_valid >= full.size())
    throw InputError("split_train_valid: n_valid " + std::to_string(n_valid) +
                     " must be in [0, " + std::to_string(full.size()) + ")");
  std::vector<int64_t> perm = seeded_permutation(full.size(), seed);
  std::vector<int64_t> valid(perm.begin(), perm.begin() + long(n_valid));
  std::vector<int64_t> train(perm.begin() + long(n_valid), perm.end());
  // Keep file order inside each part: the split is a set, the order is the loader's job.
  std::sort(valid.begin(), valid.end());
  std::sort(train.begin(), train.end());
  return {full.subset(train), full.subset(valid)};
}

}  // namespace shiftadd::data
