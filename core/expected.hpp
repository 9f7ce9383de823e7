#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace atpipe::core {

// Wraps an error so that Expected can be built from it unambiguously, like std::unexpected.
template <class E>
class Unexpected {
 public:
  explicit Unexpected(E error) : error_(std::move(error)) {}
  [[nodiscard]] E& error() & { return error_; }
  [[nodiscard]] E&& error() && { return std::move(error_); }

 private:
  E error_;
};

inline Unexpected<Error> fail(ErrorCode code, std::string message, Provenance where = {}) {
  return Unexpected<Error>(Error(code, std::move(message), std::move(where)));
}
inline Unexpected<Error> fail(Error error) {
  return Unexpected<Error>(std::move(error));
}

// A value or an error, shaped like C++23 std::expected so it can be swapped for it later.
template <class T, class E = Error>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Expected(Unexpected<E> error)                                              // NOLINT
      : storage_(std::in_place_index<1>, std::move(error).error()) {}

  [[nodiscard]] bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(storage_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(storage_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(storage_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& {
    assert(!has_value());
    return std::get<1>(storage_);
  }
  E&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(storage_));
  }

 private:
  std::variant<T, E> storage_;
};

// Success carries nothing.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> error) : error_(std::move(error).error()), failed_(true) {}  // NOLINT

  [[nodiscard]] bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const E& error() const& {
    assert(failed_);
    return error_;
  }

 private:
  E error_{ErrorCode::Internal, ""};
  bool failed_ = false;
};

}  // namespace atpipe::core
