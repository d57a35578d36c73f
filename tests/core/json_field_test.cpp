// Integer fields of JSON read back from disk: floats, out-of-range and negative-into-unsigned values are
// DataErrors naming the field (nlohmann's own conversion would cast them unchecked).
#include "core/json_field.h"

#include <gtest/gtest.h>

namespace shiftadd {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

TEST(JsonField, IntegersWithinRangeAreRead) {
  const auto j = nlohmann::json::parse(R"({"a": 7, "b": -3, "c": 18446744073709551615, "v": [1, 2]})");
  EXPECT_EQ(json_integer_at<int>(j, "a", "", "f.json"), 7);
  EXPECT_EQ(json_integer_at<int64_t>(j, "b", "", "f.json"), -3);
  EXPECT_EQ(json_integer_at<uint64_t>(j, "c", "", "f.json"), 18446744073709551615ull);
  EXPECT_EQ(json_integers<int>(j.at("v"), "v", "f.json"), (std::vector<int>{1, 2}));
}

TEST(JsonField, FloatsAndOutOfRangeValuesNameTheField) {
  const auto j = nlohmann::json::parse(R"({"big": 4.4e53, "half": 1.5, "neg": -1, "wide": 4294967296, "u": 18446744073709551615,
                                          "v": [1, 2.5]})");
  EXPECT_NE(error_of([&] { json_integer_at<int64_t>(j, "big", "stats", "f.json"); })
                .find("f.json: stats.big: expected an integer in [-9223372036854775808, 9223372036854775807], got 4.4e+53"),
            std::string::npos);
  EXPECT_NE(error_of([&] { json_integer_at<int>(j, "half", "", "f.json"); }).find("half: expected an integer"), std::string::npos);
  EXPECT_NE(error_of([&] { json_integer_at<uint64_t>(j, "neg", "", "f.json"); }).find("neg: expected an integer in [0, "),
            std::string::npos);
  EXPECT_NE(error_of([&] { json_integer_at<uint32_t>(j, "wide", "", "f.json"); }).find("got 4294967296"), std::string::npos);
  EXPECT_NE(error_of([&] { json_integer_at<int64_t>(j, "u", "", "f.json"); }).find("u: expected"), std::string::npos);
  EXPECT_NE(error_of([&] { json_integers<int>(j.at("v"), "genome", "f.json"); }).find("genome[1]: expected"), std::string::npos);
}

}  // namespace
}  // namespace shiftadd
