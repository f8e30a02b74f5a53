// A value or an error message, for calls that can fail on bad input (files, shaders, GL).
// Errors are reported where they happen and shown to the user in one place (main or a notice).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace spineview {

struct Error {
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}
  Result(Error error) : data_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const T& value() const& { return std::get<T>(data_); }
  const std::string& error() const { return std::get<Error>(data_).message; }

 private:
  std::variant<T, Error> data_;
};

// For calls that return nothing on success.
using Status = std::optional<Error>;

}  // namespace spineview
