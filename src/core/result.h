// A value or an error message, for calls that can fail on bad input (files, shaders, GL).
// Errors are reported where they happen and shown to the user in one place (main or a notice).
// Both types are [[nodiscard]]: a failure that nobody looks at is a bug.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace spineview {

struct Error {
  std::string message;
  int exitCode = 1;  // what the process exits with when this error ends it
};

template <typename T>
class [[nodiscard]] Result {
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

// For calls that return nothing on success: empty, or the error. Converts to true when there
// is an error, so `if (auto error = f()) return error;` passes it on.
struct [[nodiscard]] Status : std::optional<Error> {
  using std::optional<Error>::optional;
  Status(std::optional<Error> error) : std::optional<Error>(std::move(error)) {}
};

}  // namespace spineview
