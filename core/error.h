#pragma once
// Typed exceptions. Library code throws these; only main() catches them.
#include <stdexcept>
#include <string>

namespace shiftadd {

// Base for every error the toolkit reports to a user.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A config file is wrong: names the file, the key path and what was expected.
class ConfigError : public Error {
 public:
  ConfigError(const std::string& file, const std::string& key, const std::string& what);
  const std::string& file() const { return file_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_, key_;
};

// A data/tensor file is missing, truncated or of the wrong format.
class DataError : public Error {
 public:
  DataError(const std::string& file, const std::string& what);
};

// A request is inconsistent (bad shape, unsupported combination) at run time.
class InputError : public Error {
 public:
  using Error::Error;
};

}  // namespace shiftadd
