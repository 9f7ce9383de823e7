#include "transforms/outputs/csv_text.hpp"

namespace atpipe::transforms {

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

void CsvText::row(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i != 0) {
      text_ += ',';
    }
    text_ += csv_field(fields[i]);
  }
  text_ += line_end_;
}

}  // namespace atpipe::transforms
