// Fashion-MNIST loader: real-data slice, error paths on crafted files, hold-out split.
#include "models/data/fashion_mnist.h"

#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "data_test_util.h"
#include "models/data/gzip_reader.h"
#include "tests/models/test_data.h"

namespace shiftadd::data {
namespace {

using testutil::idx_bytes;
using testutil::temp_dir;
using testutil::write_bytes;
using testutil::write_gz;

// Asserts that `fn` throws DataError whose message contains every one of `needles`.
template <class F>
void expect_data_error(F fn, const std::vector<std::string>& needles) {
  try {
    fn();
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    for (const auto& n : needles) EXPECT_NE(std::string(e.what()).find(n), std::string::npos)
        << "message '" << e.what() << "' lacks '" << n << "'";
  }
}

TEST(FashionMnist, LoadsRealTrainSlice) {
  FashionMnistOptions opt;
  opt.dir = test_data::kFashionMnistDir;
  opt.limit = 300;
  const ImageSet s = load_fashion_mnist(MnistSplit::kTrain, opt);
  ASSERT_EQ(s.size(), 300);
  EXPECT_EQ(s.rows, 28);
  EXPECT_EQ(s.cols, 28);
  EXPECT_EQ(s.images.rows(), 300);
  EXPECT_EQ(s.images.cols(), 784);
  // Published first training labels of Fashion-MNIST: 9 (ankle boot), 0, 0, 3, 0, 2.
  EXPECT_EQ(std::vector<int32_t>(s.labels.begin(), s.labels.begin() + 6),
            (std::vector<int32_t>{9, 0, 0, 3, 0, 2}));
  std::set<int32_t> classes(s.labels.begin(), s.labels.end());
  EXPECT_EQ(classes.size(), 10u);
  // Normalized pixels: background 0 maps to -mean/std; the slice mean is near 0.
  EXPECT_FLOAT_EQ(s.images.minCoeff(), -kFashionMnistMean / kFashionMnistStd);
  EXPECT_NEAR(s.images.mean(), 0.0, 0.15);
  EXPECT_LE(s.images.maxCoeff(), (1.0f - kFashionMnistMean) / kFashionMnistStd + 1e-5f);
}

TEST(FashionMnist, RawPixelsAndTestSplit) {
  FashionMnistOptions opt;
  opt.dir = test_data::kFashionMnistDir;
  opt.limit = 200;
  opt.normalize = false;
  const ImageSet s = load_fashion_mnist(MnistSplit::kTest, opt);
  ASSERT_EQ(s.size(), 200);
  EXPECT_GE(s.images.minCoeff(), 0.0f);
  EXPECT_LE(s.images.maxCoeff(), 1.0f);
  EXPECT_EQ(s.labels[0], 9);  // first test image is an ankle boot
  EXPECT_EQ(s.labels[1], 2);
}

TEST(FashionMnist, MissingFileNamesPath) {
  FashionMnistOptions opt;
  opt.dir = "/nonexistent/fmnist";
  expect_data_error([&] { load_fashion_mnist(MnistSplit::kTrain, opt); },
                    {"/nonexistent/fmnist/train-images-idx3-ubyte.gz", "cannot open"});
}

TEST(FashionMnist, NotGzipIsRejected) {
  const std::string d = temp_dir();
  write_bytes(d + "/img.gz", {0, 0, 8, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  write_gz(d + "/lab.gz", idx_bytes({1}, {0}));
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/img.gz", "not a gzip file"});
}

TEST(FashionMnist, BadMagicAndRank) {
  const std::string d = temp_dir();
  write_gz(d + "/lab.gz", idx_bytes({2}, {0, 1}));
  auto img = idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 7));
  img[2] = 0x0D;  // float element type
  write_gz(d + "/img.gz", img);
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/img.gz", "element type 13"});
  write_gz(d + "/img.gz", idx_bytes({2, 4}, std::vector<uint8_t>(8, 7)));  // rank 2
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/img.gz", "rank 2, expected 3"});
  img = idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 7));
  img[0] = 1;
  write_gz(d + "/img.gz", img);
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {"bad IDX magic"});
}

TEST(FashionMnist, TruncatedPayloadAndTruncatedGzip) {
  const std::string d = temp_dir();
  write_gz(d + "/lab.gz", idx_bytes({3}, {0, 1, 2}));
  // Header promises 3 images of 2x2 but only 2 are present.
  write_gz(d + "/img.gz", idx_bytes({3, 2, 2}, std::vector<uint8_t>(8, 1)));
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/img.gz", "payload truncated"});
  // A gzip stream cut in the middle.
  std::vector<uint8_t> big(5000);
  for (size_t i = 0; i < big.size(); ++i) big[i] = uint8_t((i * 7919) >> 3);
  write_gz(d + "/full.gz", idx_bytes({1250, 2, 2}, big));
  auto bytes = testutil::read_bytes(d + "/full.gz");
  bytes.resize(bytes.size() / 2);
  write_bytes(d + "/cut.gz", bytes);
  expect_data_error([&] { read_gzip(d + "/cut.gz"); }, {d + "/cut.gz", "truncated"});
}

TEST(FashionMnist, CorruptGzipCrc) {
  const std::string d = temp_dir();
  write_gz(d + "/x.gz", std::vector<uint8_t>(100, 42));
  auto bytes = testutil::read_bytes(d + "/x.gz");
  bytes[bytes.size() - 6] ^= 0xFF;  // inside the CRC32 trailer
  write_bytes(d + "/x.gz", bytes);
  expect_data_error([&] { read_gzip(d + "/x.gz"); }, {d + "/x.gz", "corrupt"});
}

TEST(FashionMnist, CountMismatchAndBadLabel) {
  const std::string d = temp_dir();
  write_gz(d + "/img.gz", idx_bytes({2, 2, 2}, std::vector<uint8_t>(8, 1)));
  write_gz(d + "/lab.gz", idx_bytes({3}, {0, 1, 2}));
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/lab.gz", "3 labels", "2 images"});
  write_gz(d + "/lab.gz", idx_bytes({2}, {0, 10}));
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {d + "/lab.gz", "label 10 at index 1"});
}

TEST(FashionMnist, TrailingBytesRejectedLimitReadsPrefix) {
  const std::string d = temp_dir();
  write_gz(d + "/img.gz", idx_bytes({2, 2, 2}, std::vector<uint8_t>(12, 1)));  // 4 extra
  write_gz(d + "/lab.gz", idx_bytes({2}, {0, 1}));
  expect_data_error([&] { load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 0, true); },
                    {"4 trailing bytes"});
  // With a limit only the prefix is read, so a valid prefix loads.
  const ImageSet s = load_idx_images_labels(d + "/img.gz", d + "/lab.gz", 1, false);
  EXPECT_EQ(s.size(), 1);
  EXPECT_FLOAT_EQ(s.images(0, 3), 1.0f / 255.0f);
}

TEST(FashionMnist, ValidationSplitIsFixedDisjointAndComplete) {
  FashionMnistOptions opt;
  opt.dir = test_data::kFashionMnistDir;
  opt.limit = 400;
  const ImageSet s = load_fashion_mnist(MnistSplit::kTrain, opt);
  const auto a = split_train_valid(s, 50, kFashionMnistValidSeed);
  const auto b = split_train_valid(s, 50, kFashionMnistValidSeed);
  const auto c = split_train_valid(s, 50, kFashionMnistValidSeed + 1);
  ASSERT_EQ(a.valid.size(), 50);
  ASSERT_EQ(a.train.size(), 350);
  EXPECT_TRUE(a.valid.images == b.valid.images);
  EXPECT_EQ(a.valid.labels, b.valid.labels);
  EXPECT_FALSE(a.valid.images == c.valid.images);
  // Disjoint and complete: every source row appears exactly once across the two parts.
  std::multiset<std::vector<float>> rows_all, rows_split;
  auto add = [](std::multiset<std::vector<float>>& m, const ImageSet& x) {
    for (long i = 0; i < x.images.rows(); ++i)
      m.insert(std::vector<float>(x.images.row(i).data(), x.images.row(i).data() + x.images.cols()));
  };
  add(rows_all, s);
  add(rows_split, a.train);
  add(rows_split, a.valid);
  EXPECT_EQ(rows_all, rows_split);
  EXPECT_THROW(split_train_valid(s, 400, 1), InputError);
}

}  // namespace
}  // namespace shiftadd::data
