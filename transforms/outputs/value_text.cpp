#include "transforms/outputs/value_text.hpp"

#include <charconv>
#include <cstdio>

#include "core/date_value.hpp"

namespace atpipe::transforms {
namespace {

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// The directives format_date() writes itself; a trailing '%' is a literal there too.
bool only_direct(std::string_view format) {
  for (std::size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%') {
      continue;
    }
    const char spec = format[++i];
    if (spec != 'd' && spec != 'm' && spec != 'Y' && spec != 'F' && spec != '%') {
      return false;
    }
  }
  return true;
}

void append_digits(std::string& out, unsigned value, int width) {
  char digits[4];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

DateText::DateText(std::string format)
    : format_(std::move(format)), direct_(only_direct(format_)) {}

std::string_view DateText::operator()(std::string_view iso) {
  const bool plain = iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && digit(iso[0]) &&
                     digit(iso[1]) && digit(iso[2]) && digit(iso[3]) && digit(iso[5]) &&
                     digit(iso[6]) && digit(iso[8]) && digit(iso[9]);
  if (!plain || !direct_) {
    out_ = core::format_iso_date(std::string(iso), format_);
    return out_;
  }
  const auto number = [&](std::size_t at, std::size_t n) {
    unsigned v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      v = v * 10 + static_cast<unsigned>(iso[i] - '0');
    }
    return v;
  };
  const unsigned y = number(0, 4);
  const unsigned m = number(5, 2);
  const unsigned d = number(8, 2);
  const core::Date date{date::year{static_cast<int>(y)}, date::month{m}, date::day{d}};
  if (!date.ok()) {
    return iso;  // parse_iso() refuses it, so format_iso_date() gives it back unchanged
  }
  out_.clear();
  for (std::size_t i = 0; i < format_.size(); ++i) {
    if (format_[i] != '%' || i + 1 == format_.size()) {
      out_.push_back(format_[i]);
      continue;
    }
    switch (format_[++i]) {
      case 'd':
        append_digits(out_, d, 2);
        break;
      case 'm':
        append_digits(out_, m, 2);
        break;
      case 'Y':
        append_digits(out_, y, 4);
        break;
      case 'F':
        append_digits(out_, y, 4);
        out_.push_back('-');
        append_digits(out_, m, 2);
        out_.push_back('-');
        append_digits(out_, d, 2);
        break;
      default:  // '%', the only other directive only_direct() lets through
        out_.push_back('%');
    }
  }
  return out_;
}

std::string_view fixed_text(double value, int precision, std::array<char, 32>& buffer) {
  // to_chars with a precision writes what printf writes ("C" locale), exactly rounded.
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size() - 1, value,
                                 std::chars_format::fixed, precision);
  if (ec == std::errc()) {
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
  }
  // Too long for the buffer: printf's truncated text, as before.
  std::snprintf(buffer.data(), buffer.size(), "%.*f", precision, value);
  return {buffer.data()};
}

}  // namespace atpipe::transforms
