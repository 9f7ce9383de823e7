#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atpipe::transforms {

// Builds RFC 4180 CSV text in memory: fields holding the delimiter, a quote or a line break
// are quoted and quotes doubled. Output files are small (one row per patient or query), so
// building the whole text before one atomic write is simpler and safe.
class CsvText {
 public:
  explicit CsvText(std::string line_end = "\n") : line_end_(std::move(line_end)) {}

  void row(const std::vector<std::string>& fields);
  [[nodiscard]] const std::string& str() const { return text_; }

 private:
  std::string line_end_;
  std::string text_;
};

[[nodiscard]] std::string csv_field(std::string_view value);

}  // namespace atpipe::transforms
