#include <algorithm>

#include "connectors/csv/csv_parse.hpp"
#include "core/date_value.hpp"
#include "core/field.hpp"
#include "core/text.hpp"
#include "daemon/upload_file.hpp"

namespace atpipe::daemon {
namespace {

bool is_date_column(const std::string& key) {
  auto field = core::field_by_name(key);
  return key == "reporting_period_end" ||
         (field && core::field_info(*field).kind == core::FieldKind::CalendarDate);
}

bool is_history_column(const std::string& key) {
  auto field = core::field_by_name(key);
  return field && core::field_info(*field).kind == core::FieldKind::CetrHistory;
}

bool is_nhs_column(const std::string& key) {
  auto field = core::field_by_name(key);
  return field && core::field_info(*field).kind == core::FieldKind::NhsNumber;
}

// Strict: the text must be exactly what the profile's format writes for that date.
bool date_in_form(const std::string& text, const std::string& format) {
  if (text.empty()) {
    return true;
  }
  auto date = core::parse_date(text, format);
  return date && core::format_date(*date, format) == text;
}

// Line breaks outside quotes that are not the profile's line ending, and a last line without
// one. One problem per file is enough to say what is wrong.
void check_line_endings(std::string_view text, const config::UploadProfile& profile,
                        std::vector<UploadProblem>& out) {
  const bool crlf = profile.line_ending == "\r\n";
  bool quoted = false;
  std::size_t row = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    }
    if (quoted) {
      continue;
    }
    const bool bad = crlf ? (c == '\n' && (i == 0 || text[i - 1] != '\r')) ||
                                (c == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))
                          : c == '\r';
    if (bad) {
      out.push_back({row, 0,
                     std::string("line ending is not ") + (crlf ? "CRLF" : "LF") +
                         " as the profile requires"});
      return;
    }
    row += c == '\n' ? 1 : 0;
  }
  if (!text.empty() && text.back() != '\n') {
    out.push_back({row, 0, "the last line has no line ending"});
  }
}

void check_header(const std::vector<std::string>& header, const config::UploadProfile& profile,
                  std::vector<UploadProblem>& out) {
  if (header.size() != profile.columns.size()) {
    out.push_back({1, 0,
                   "header has " + std::to_string(header.size()) + " columns; the profile has " +
                       std::to_string(profile.columns.size())});
  }
  const std::size_t n = std::min(header.size(), profile.columns.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (header[i] != profile.columns[i].header) {
      out.push_back({1, i + 1, "header should be " + profile.columns[i].header});
    }
  }
}

void check_cell(std::size_t row, std::size_t column, const std::string& key,
                const std::string& cell, const config::UploadProfile& profile,
                std::vector<UploadProblem>& out) {
  if (is_date_column(key) && !date_in_form(cell, profile.date_format)) {
    out.push_back({row, column, "not a date in the profile's form " + profile.date_format});
  } else if (is_history_column(key)) {
    for (const auto& entry : core::split_fields(cell, profile.value_separator)) {
      if (!entry.empty() && !date_in_form(core::split_fields(entry, '|')[0], profile.date_format)) {
        out.push_back(
            {row, column,
             "a C(E)TR entry's date is not in the profile's form " + profile.date_format});
        break;
      }
    }
  } else if (is_nhs_column(key) && !cell.empty() &&
             (cell.size() != 10 || !std::all_of(cell.begin(), cell.end(),
                                                [](char c) { return c >= '0' && c <= '9'; }))) {
    out.push_back({row, column, "NHS number is not 10 digits without spaces"});
  }
}

}  // namespace

std::vector<UploadProblem> validate_upload(std::string_view text,
                                           const config::UploadProfile& profile) {
  std::vector<UploadProblem> out;
  check_line_endings(text, profile, out);
  connectors::csv::CsvOptions options;
  options.delimiter = profile.separator;
  auto batch = connectors::csv::parse_csv(text, options, core::Provenance{"upload", "", 0, ""});
  if (!batch) {
    out.push_back({0, 0, "not CSV with the profile's separator: " + batch.error().message()});
    return out;
  }
  check_header(batch->header, profile, out);
  for (const auto& row : batch->rows) {
    if (row.values.size() != batch->header.size() || !row.problem.empty()) {
      out.push_back({row.row, 0,
                     "row has " + std::to_string(row.values.size()) +
                         " fields but the header has " + std::to_string(batch->header.size())});
      continue;
    }
    const std::size_t n = std::min(row.values.size(), profile.columns.size());
    for (std::size_t i = 0; i < n; ++i) {
      check_cell(row.row, i + 1, profile.columns[i].key, row.values[i], profile, out);
    }
  }
  return out;
}

}  // namespace atpipe::daemon
