#include "daemon/upload_file.hpp"

#include <algorithm>
#include <optional>

#include "connectors/csv/csv_parse.hpp"
#include "core/date_value.hpp"
#include "core/field.hpp"
#include "core/text.hpp"
#include "transforms/outputs/csv_text.hpp"

namespace atpipe::daemon {
namespace {

enum class ColumnKind { Plain, Date, History, MultiValue, NhsNumber };

ColumnKind kind_of(const std::string& key) {
  if (key == "reporting_period_end") {
    return ColumnKind::Date;
  }
  auto field = core::field_by_name(key);
  if (!field) {
    return ColumnKind::Plain;
  }
  switch (core::field_info(*field).kind) {
    case core::FieldKind::CalendarDate:
      return ColumnKind::Date;
    case core::FieldKind::CetrHistory:
      return ColumnKind::History;
    case core::FieldKind::CodeSet:
      return ColumnKind::MultiValue;
    case core::FieldKind::NhsNumber:
      return ColumnKind::NhsNumber;
    default:
      // delay_reason and other lists are held ';'-separated too.
      return *field == core::Field::DelayReason ? ColumnKind::MultiValue : ColumnKind::Plain;
  }
}

std::string national_header(const std::string& key) {
  if (key == "reporting_period_end") {
    return "ReportingPeriodEnd";
  }
  if (key == "inpatient_at_period_end") {
    return "InpatientAtPeriodEnd";
  }
  auto field = core::field_by_name(key);
  return field ? std::string(core::field_info(*field).national_name) : key;
}

std::string column_letter(std::size_t column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

// One date from `from` to `to`; nullopt when it is not a date in `from`.
std::optional<std::string> convert_date(const std::string& text, const std::string& from,
                                        const std::string& to) {
  if (text.empty()) {
    return text;
  }
  auto date = core::parse_date(text, from);
  if (!date) {
    return std::nullopt;
  }
  return core::format_date(*date, to);
}

std::optional<std::string> convert_cell(const std::string& text, ColumnKind kind,
                                        const std::string& from,
                                        const config::UploadProfile& profile) {
  switch (kind) {
    case ColumnKind::Date:
      return convert_date(text, from, profile.date_format);
    case ColumnKind::NhsNumber: {
      std::string out;
      std::copy_if(text.begin(), text.end(), std::back_inserter(out),
                   [](char c) { return c != ' '; });
      return out;
    }
    case ColumnKind::MultiValue: {
      std::string out = text;
      std::replace(out.begin(), out.end(), ';', profile.value_separator);
      return out;
    }
    case ColumnKind::History: {
      std::string out;
      for (const auto& entry : core::split_items(text)) {
        auto parts = core::split_fields(entry, '|');
        auto date = convert_date(parts[0], from, profile.date_format);
        if (!date) {
          return std::nullopt;
        }
        parts[0] = *date;
        std::string joined;
        for (const auto& p : parts) {
          joined += (joined.empty() ? "" : "|") + p;
        }
        out += (out.empty() ? "" : std::string(1, profile.value_separator)) + joined;
      }
      return out;
    }
    case ColumnKind::Plain:
      break;
  }
  return text;
}

void write_row(std::string& out, const std::vector<std::string>& cells,
               const config::UploadProfile& profile) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      out += profile.separator;
    }
    // Uploaded as written: no spreadsheet prefix, but no raw control character either.
    std::string cell = transforms::without_controls(cells[i]);
    if (cell.find_first_of(std::string("\"\r\n") + profile.separator) != std::string::npos) {
      std::string quoted = "\"";
      for (char c : cell) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      }
      cell = quoted + "\"";
    }
    out += cell;
  }
  out += profile.line_ending;
}

core::Unexpected<core::Error> parse_error(std::size_t row, std::size_t column,
                                          const std::string& header, const std::string& what) {
  return core::fail(core::ErrorCode::Parse,
                    "return row " + std::to_string(row) + ", column " + column_letter(column) +
                        " (" + header + "): " + what,
                    core::Provenance{"return", "", row, header});
}

}  // namespace

core::Expected<UploadFile> render_upload(std::string_view return_text,
                                         const config::UploadProfile& profile,
                                         const std::string& return_date_format) {
  auto batch = connectors::csv::parse_csv(return_text, {}, core::Provenance{"return", "", 0, ""});
  if (!batch) {
    return core::fail(std::move(batch).error());
  }
  std::vector<std::size_t> source;  // profile column -> return column (0-based)
  for (const auto& column : profile.columns) {
    const std::string name = national_header(column.key);
    auto it = std::find(batch->header.begin(), batch->header.end(), name);
    if (it == batch->header.end()) {
      return core::fail(
          core::ErrorCode::Parse,
          "the return has no column " + name + " for the upload profile's '" + column.key + "'");
    }
    source.push_back(static_cast<std::size_t>(it - batch->header.begin()));
  }
  UploadFile out;
  std::vector<std::string> cells;
  for (const auto& column : profile.columns) {
    cells.push_back(column.header);
  }
  write_row(out.content, cells, profile);
  for (const auto& row : batch->rows) {
    if (!row.problem.empty()) {
      return core::fail(core::ErrorCode::Parse,
                        "return row " + std::to_string(row.row) + ": " + row.problem);
    }
    cells.clear();
    for (std::size_t i = 0; i < profile.columns.size(); ++i) {
      const auto& key = profile.columns[i].key;
      auto cell = convert_cell(row.values[source[i]], kind_of(key), return_date_format, profile);
      if (!cell) {
        return parse_error(row.row, source[i] + 1, national_header(key),
                           "not a date in the return's form " + return_date_format);
      }
      cells.push_back(std::move(*cell));
    }
    write_row(out.content, cells, profile);
    ++out.records;
  }
  return out;
}

std::string describe(const UploadProblem& problem, const config::UploadProfile& profile) {
  std::string where;
  if (problem.row > 0) {
    where = "row " + std::to_string(problem.row);
    if (problem.column > 0) {
      where += ", column " + column_letter(problem.column);
      if (problem.column <= profile.columns.size()) {
        where += " (" + profile.columns[problem.column - 1].header + ")";
      }
    }
    where += ": ";
  }
  return where + problem.message;
}

}  // namespace atpipe::daemon
