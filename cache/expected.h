// Expected<T>: a value or a CacheError, for results that cross the cache's
// boundary. C++20 has no std::expected, and exceptions must not escape a
// component, so every fallible cache call returns one of these.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "cache/cache_error.h"

namespace kiln::cache {

template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(CacheError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T &value() & { return std::get<0>(state_); }
  const T &value() const & { return std::get<0>(state_); }
  T &&value() && { return std::get<0>(std::move(state_)); }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

  const CacheError &error() const { return std::get<1>(state_); }

 private:
  std::variant<T, CacheError> state_;
};

// Status: success or a CacheError, for calls that return nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(CacheError error) : error_(std::move(error)), failed_(true) {}

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const CacheError &error() const { return error_; }

 private:
  CacheError error_;
  bool failed_ = false;
};

}  // namespace kiln::cache
