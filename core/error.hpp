#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/provenance.hpp"

namespace atpipe::core {

enum class ErrorCode {
  Io,          // a file or directory could not be read or written
  Parse,       // input is malformed (CSV quoting, JSON, dates in a return file)
  Encoding,    // bytes are not valid in the declared encoding
  Config,      // the YAML is wrong
  Validation,  // a record breaks an AT rule
  State,       // the state store failed
  Busy,        // another process holds a lock (the run lock); trying later may succeed
  NotFound,    // a named thing (source, run, type) does not exist
  Network,     // connection refused, timeout, TLS
  Auth,        // credentials refused
  Internal,    // a bug: should never be seen by a user
};

[[nodiscard]] std::string_view to_string(ErrorCode code);

// The project's one error type (style.md rule 6): a code, a message an analyst can act
// on, where it happened and, optionally, the lower-level error that caused it.
class Error {
 public:
  Error(ErrorCode code, std::string message, Provenance where = {});

  [[nodiscard]] ErrorCode code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] const Provenance& where() const { return where_; }
  [[nodiscard]] const Error* cause() const { return cause_.get(); }

  Error& caused_by(Error cause);
  // "<provenance>: <message> (caused by: ...)".
  [[nodiscard]] std::string describe() const;

 private:
  ErrorCode code_;
  std::string message_;
  Provenance where_;
  std::shared_ptr<const Error> cause_;
};

}  // namespace atpipe::core
