#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "core/error.h"
#include "workload/space/space.h"

namespace shiftadd {
namespace {

const std::string kSrc = SHIFTADD_SOURCE_DIR;

TEST(Space, LoadsAllShippedSpaces) {
  for (const char* name : {"cv_imagenet", "nlp_wmt", "fmnist", "freedict"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    EXPECT_EQ(sp.name, name);
  }
  const SearchSpace cv = load_space(kSrc + "/configs/space/cv_imagenet.yaml");
  ASSERT_EQ(cv.cv.stages.size(), 4u);
  EXPECT_EQ(cv.cv.stages[2].resolution, 14);
  EXPECT_EQ(cv.cv.total_depth, 16);
}

TEST(Space, SampledArchsAreMembersAndRoundTrip) {
  for (const char* name : {"cv_imagenet", "nlp_wmt", "fmnist", "freedict"}) {
    const SearchSpace sp = load_space(kSrc + "/configs/space/" + name + ".yaml");
    Rng rng(42);
    for (int i = 0; i < 50; ++i) {
      const Arch a = sample_arch(sp, rng);
      EXPECT_NO_THROW(check_arch(sp, a, "sampled"));
      const std::string path = ::testing::TempDir() + "/arch.yaml";
      save_arch(path, a, sp);
      EXPECT_EQ(arch_key(load_arch(path, sp), sp), arch_key(a, sp));
    }
  }
}

TEST(Space, CvTotalDepthIsRespected) {
  const SearchSpace sp = load_space(kSrc + "/configs/space/cv_imagenet.yaml");
  Rng rng(1);
  for (int i = 0; i < 100; ++i) {
    const Arch a = sample_arch(sp, rng);
    size_t total = 0;
    for (const auto& st : a.stages) total += st.size();
    EXPECT_EQ(total, 16u);
  }
}

TEST(Space, SamplingIsDeterministic) {
  const SearchSpace sp = load_space(kSrc + "/configs/space/freedict.yaml");
  Rng a(7), b(7);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(arch_key(sample_arch(sp, a), sp), arch_key(sample_arch(sp, b), sp));
}

TEST(Space, SubnetNotInSpaceNamesTheKey) {
  const SearchSpace sp = load_space(kSrc + "/configs/space/fmnist.yaml");
  const std::string path = ::testing::TempDir() + "/bad_arch.yaml";
  std::ofstream(path) << "space: fmnist\nstages:\n  - [conv]\n  - [conv]\n  - [conv, attn, attn, attn]\n";
  try {
    load_arch(path, sp);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "stages[2]");
    EXPECT_NE(std::string(e.what()).find("depth 4"), std::string::npos);
  }
  std::ofstream(path) << "space: fmnist\nstages:\n  - [attn]\n  - [conv]\n  - [conv]\n";
  EXPECT_THROW(load_arch(path, sp), ConfigError);
}

TEST(Space, UnknownKeyRejected) {
  const std::string path = ::testing::TempDir() + "/bad_space.yaml";
  std::ofstream(path) << "name: x\ntask: cv\nnum_clases: 10\n";
  try {
    load_space(path);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "num_clases");
  }
}

// A stage's resolution must follow from the input and the stem (issue 13, class 3): 28 -> 10 is not a whole
// stride, and the cost model would have silently used 28 / 10 = 2, giving 14.
TEST(Space, ResolutionThatDoesNotFollowFromTheInputIsRefused) {
  std::ifstream in(kSrc + "/configs/space/fmnist.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string path = ::testing::TempDir() + "/bad_resolution.yaml";
  const size_t at = text.find("resolution: 14");
  ASSERT_NE(at, std::string::npos);
  std::ofstream(path) << text.replace(at, 14, "resolution: 10");
  try {
    load_space(path);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "stages[1].resolution");
    EXPECT_NE(std::string(e.what()).find("10 does not follow from the input: the size before this stage is 28"),
              std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shiftadd
