#include "core/error.hpp"

#include <utility>

namespace atpipe::core {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::Io:
      return "io";
    case ErrorCode::Parse:
      return "parse";
    case ErrorCode::Encoding:
      return "encoding";
    case ErrorCode::Config:
      return "config";
    case ErrorCode::Validation:
      return "validation";
    case ErrorCode::State:
      return "state";
    case ErrorCode::Busy:
      return "busy";
    case ErrorCode::NotFound:
      return "not-found";
    case ErrorCode::Network:
      return "network";
    case ErrorCode::Auth:
      return "auth";
    case ErrorCode::Internal:
      return "internal";
  }
  return "unknown";
}

Error::Error(ErrorCode code, std::string message, Provenance where)
    : code_(code), message_(std::move(message)), where_(std::move(where)) {}

Error& Error::caused_by(Error cause) {
  cause_ = std::make_shared<const Error>(std::move(cause));
  return *this;
}

std::string Error::describe() const {
  std::string out = where_.describe();
  if (!out.empty()) {
    out += ": ";
  }
  out += message_;
  if (cause_) {
    out += " (caused by: " + cause_->describe() + ")";
  }
  return out;
}

std::string Provenance::describe() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) {
      out += ", ";
    }
    out += part;
  };
  if (!source.empty()) {
    add("source '" + source + "'");
  }
  if (!file.empty()) {
    add("file '" + file + "'");
  }
  if (row != 0) {
    add("row " + std::to_string(row));
  }
  if (!field.empty()) {
    add("field '" + field + "'");
  }
  return out;
}

}  // namespace atpipe::core
