#pragma once
// Where the Debian packages put the data sets: the CLI's defaults (the library takes paths explicitly).
namespace shiftadd::cli {

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";  // dataset-fashion-mnist
inline constexpr const char* kDictdDir = "/usr/share/dictd";                          // freedict-eng-{deu,fra}

}  // namespace shiftadd::cli
