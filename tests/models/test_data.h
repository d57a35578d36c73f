#pragma once
// Where the tests find the installed data sets (the library takes data paths explicitly).
namespace shiftadd::test_data {

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
inline constexpr const char* kDictdDir = "/usr/share/dictd";

}  // namespace shiftadd::test_data
