#include "transforms/outputs/csv_text.hpp"

#include <array>

namespace atpipe::transforms {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

constexpr bool is_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

// [+-]digits[.digits]: what a spreadsheet reads as a number, never as a formula.
bool is_plain_number(std::string_view value) {
  std::size_t i = (value[0] == '+' || value[0] == '-') ? 1 : 0;
  std::size_t digits = 0;
  bool point = false;
  for (; i < value.size(); ++i) {
    if (value[i] == '.' && !point && digits > 0) {
      point = true;
      digits = 0;
    } else if (value[i] >= '0' && value[i] <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0;
}

// The bytes that stop a cell going in as it is: controls, the delimiter, a quote, line ends.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const auto byte = static_cast<unsigned char>(c);
    table[byte] = is_control(byte) || c == ',' || c == '"' || c == '\r' || c == '\n';
  }
  return table;
}();

bool risky_first(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string without_controls(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (is_control(static_cast<unsigned char>(c))) {
      out += kReplacement;
    } else {
      out += c;
    }
  }
  return out;
}

std::string spreadsheet_safe(std::string_view value) {
  std::string out = without_controls(value);
  if (out.empty()) {
    return out;
  }
  char first = out[0];
  bool risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
               first == '\r';
  if (risky && !is_plain_number(out)) {
    out.insert(out.begin(), '\'');
  }
  return out;
}

void CsvText::row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    cell(i, fields[i]);
  }
  end_row();
}

void CsvText::row(std::span<const std::string_view> fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    cell(i, fields[i]);
  }
  end_row();
}

void CsvText::end_row() {
  text_ += line_end_;
  if (sink_ != nullptr && text_.size() >= kChunkBytes) {
    flush();
  }
}

void CsvText::flush() {
  if (sink_ != nullptr) {
    sink_->write(text_);
    text_.clear();
  }
}

void CsvText::cell(std::size_t index, std::string_view value) {
  if (index != 0) {
    text_ += ',';
  }
  // Most cells need neither quotes, replacement nor a prefix: they go in as they are.
  const bool sheet = safety_ == CellSafety::Spreadsheet;
  bool plain = value.empty() || !sheet || !risky_first(value.front());
  for (const char c : value) {
    if (kNeedsCare[static_cast<unsigned char>(c)]) {
      plain = false;
      break;
    }
  }
  if (plain) {
    text_ += value;
    return;
  }
  // Written in place, as csv_field(spreadsheet_safe(value)) or csv_field(without_controls(
  // value)) would write it: replacing a control never adds a byte that needs quotes, and a
  // risky first byte is never a control, so both can be decided on the value as given.
  const bool prefix =
      sheet && !value.empty() && risky_first(value.front()) && !is_plain_number(value);
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) {
    text_ += '"';
  }
  if (prefix) {
    text_ += '\'';
  }
  for (const char c : value) {
    if (is_control(static_cast<unsigned char>(c))) {
      text_ += kReplacement;
      continue;
    }
    if (c == '"') {
      text_ += '"';
    }
    text_ += c;
  }
  if (quote) {
    text_ += '"';
  }
}

}  // namespace atpipe::transforms
