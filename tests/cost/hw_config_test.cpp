// Hardware configs: the shipped files load into the agreed specs; every bad config is a ConfigError
// naming the file, the key and the expectation.
#include <gtest/gtest.h>

#include "core/error.h"
#include "cost/hw_config.h"
#include "tests/cost/cost_test_util.h"

namespace shiftadd {
namespace {

TEST(HwConfig, ShippedConfigsLoad) {
  ASSERT_TRUE(testutil::chdir_to_source());
  for (const char* f : {"configs/hw/default.yaml", "configs/hw/xcheck_4x4_narrow.yaml", "configs/hw/xcheck_8x5.yaml",
                        "configs/hw/bench_16x16.yaml", "configs/hw/bench_32x32.yaml"}) {
    const HwConfig c = load_hw_config(f);
    EXPECT_EQ(c.arrays.size(), 3u) << f;
    for (PeKind k : {PeKind::kMult, PeKind::kShift, PeKind::kAdd}) EXPECT_EQ(find_array(c, k).pe, k) << f;
  }
  const HwConfig narrow = load_hw_config("configs/hw/xcheck_4x4_narrow.yaml");
  const ArraySpec& sh = find_array(narrow, PeKind::kShift);
  EXPECT_EQ(sh.rows, 4);
  EXPECT_EQ(sh.acc_bits, 23);
  EXPECT_EQ(sh.shift_frac_bits, 14);
  EXPECT_EQ(sh.b_bits(), 6);
  EXPECT_EQ(sh.overflow, Overflow::kSaturate);
  EXPECT_EQ(sh.impl, "systolic");
  EXPECT_EQ(find_array(narrow, PeKind::kAdd).acc_bits, 10);
  const HwConfig x85 = load_hw_config("configs/hw/xcheck_8x5.yaml");
  EXPECT_EQ(x85.arrays[0].rows, 8);
  EXPECT_EQ(x85.arrays[0].cols, 5);
  EXPECT_DOUBLE_EQ(load_hw_config("configs/hw/default.yaml").clock_mhz, 250);
}

const char* kGood = R"(name: t
clock_mhz: 500
tech: configs/tech/shiftaddnas_45nm.yaml
arrays:
  - name: m
    impl: systolic
    pe: mult
    dataflow: ws
    rows: 4
    cols: 4
    a_bits: 8
    w_bits: 8
    acc_bits: 32
    overflow: wrap
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

struct BadCase {
  const char* name;
  std::string text;
  const char* key;
  const char* expectation;
};

TEST(HwConfig, BadConfigsNameFileKeyAndExpectation) {
  ASSERT_TRUE(testutil::chdir_to_source());
  EXPECT_NO_THROW(load_hw_config(testutil::write_temp("good.yaml", kGood)));
  const std::vector<BadCase> cases = {
      {"unknown_top", std::string(kGood) + "buffers: 3\n", "buffers", "unknown key"},
      {"unknown_array", replace(kGood, "    rows: 4", "    rows: 4\n    row: 4"), "arrays[0].row", "unknown key"},
      {"missing", replace(kGood, "    cols: 4\n", ""), "arrays[0].cols", "required key is missing"},
      {"bad_enum", replace(kGood, "dataflow: ws", "dataflow: rs"), "arrays[0].dataflow", "expected one of [ws, os]"},
      {"bad_impl", replace(kGood, "impl: systolic", "impl: mesh"), "arrays[0].impl", "expected one of [systolic]"},
      {"zero_rows", replace(kGood, "rows: 4", "rows: 0"), "arrays[0].rows", "expected an integer in [1, 256], got 0"},
      {"narrow_acc", replace(kGood, "acc_bits: 32", "acc_bits: 15"), "arrays[0].acc_bits", "must be >= a_bits + w_bits = 16"},
      {"w_on_shift", replace(kGood, "pe: mult", "pe: shift"), "arrays[0].w_bits", "not used by shift arrays"},
      {"frac_on_mult", replace(kGood, "w_bits: 8", "w_bits: 8\n    shift_frac_bits: 3"), "arrays[0].shift_frac_bits",
       "not used by mult arrays (their weight word is set by w_bits)"},
      {"no_tech", replace(kGood, "shiftaddnas_45nm", "nope"), "tech", "not found"},
      {"bad_clock", replace(kGood, "clock_mhz: 500", "clock_mhz: fast"), "clock_mhz", "expected a number"},
      {"no_arrays", std::string(kGood).substr(0, std::string(kGood).find("arrays:")) + "arrays: []\n", "arrays",
       "expected at least one array"},
      {"syntax", replace(kGood, "rows: 4", "rows: [4"), "<file>", "YAML syntax error"},
  };
  for (const BadCase& c : cases) {
    const std::string path = testutil::write_temp(std::string(c.name) + ".yaml", c.text);
    try {
      load_hw_config(path);
      ADD_FAILURE() << c.name << ": expected ConfigError";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.file(), path) << c.name;
      EXPECT_EQ(e.key(), c.key) << c.name << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(c.expectation), std::string::npos) << c.name << ": " << e.what();
    }
  }
}

TEST(HwConfig, DuplicateNamesAndMissingKind) {
  ASSERT_TRUE(testutil::chdir_to_source());
  const std::string text = std::string(kGood) + std::string(kGood).substr(std::string(kGood).find("  - name"));
  try {
    load_hw_config(testutil::write_temp("dup.yaml", text));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "arrays[1].name");
  }
  const HwConfig c = load_hw_config(testutil::write_temp("good2.yaml", kGood));
  try {
    find_array(c, PeKind::kAdd);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no add array (arrays: m (mult))"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace shiftadd
