#include "core/error.h"

namespace shiftadd {

ConfigError::ConfigError(const std::string& file, const std::string& key, const std::string& what)
    : Error(file + ": key '" + key + "': " + what), file_(file), key_(key) {}

DataError::DataError(const std::string& file, const std::string& what) : Error(file + ": " + what) {}

}  // namespace shiftadd
