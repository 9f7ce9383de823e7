#pragma once

#include <string>
#include <vector>

namespace atpipe::config {

// A position in a config file, 1-based in both line and column (yaml-cpp counts from 0;
// the conversion happens once, in mark_of()).
struct Mark {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col", or just "file" when the position is unknown.
  [[nodiscard]] std::string describe() const;
};

struct Diagnostic {
  Mark mark;
  std::string message;

  // "file:line:col: error: message"
  [[nodiscard]] std::string describe() const;
};

// Collects every config error so check-config can print them all, not just the first.
// One per load; not thread-safe.
class Diagnostics {
 public:
  void error(Mark mark, std::string message);
  [[nodiscard]] bool empty() const { return items_.empty(); }
  [[nodiscard]] const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace atpipe::config
