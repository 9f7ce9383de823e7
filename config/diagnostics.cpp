#include "config/diagnostics.hpp"

#include <utility>

namespace atpipe::config {

std::string Mark::describe() const {
  if (line <= 0) {
    return file;
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::describe() const {
  const std::string where = mark.describe();
  // Without a file name there is nothing to point at; still say it is an error.
  if (where.empty()) {
    return "error: " + message;
  }
  return where + ": error: " + message;
}

void Diagnostics::error(Mark mark, std::string message) {
  items_.push_back({std::move(mark), std::move(message)});
}

}  // namespace atpipe::config
