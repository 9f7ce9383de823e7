#pragma once

#include <array>
#include <string>
#include <string_view>

namespace atpipe::transforms {

// An ISO date value ("2026-10-31") in an output's date form (outputs.return_dates), exactly as
// core::format_iso_date() writes it, but without a string made per value: a plain
// 10-character ISO date in a form of %d, %m, %Y, %F, %% and literal characters is written
// here; anything else (other text, other directives) goes through core::format_iso_date().
// Used by one writer thread; the view it gives lasts until its next call.
class DateText {
 public:
  explicit DateText(std::string format);
  [[nodiscard]] std::string_view operator()(std::string_view iso);

 private:
  std::string format_;
  bool direct_;  // the format uses only the directives written here
  std::string out_;
};

// `value` as printf's "%.<precision>f" writes it into a 32-byte buffer (the links file's
// weight and probability), without printf's cost; the view points into `buffer`.
[[nodiscard]] std::string_view fixed_text(double value, int precision,
                                          std::array<char, 32>& buffer);

}  // namespace atpipe::transforms
