// Errors of the archive. A UserError is something the user can fix (an unknown series, a number
// already voided, no archive at the given place); any other exception is an internal error.
#pragma once

#include <stdexcept>
#include <string>

namespace vanthu::archive {

class UserError : public std::runtime_error {
 public:
  UserError(const std::string& message, std::string hint = {})
      : std::runtime_error(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

}  // namespace vanthu::archive
