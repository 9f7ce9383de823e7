#include "transforms/outputs/query_outputs.hpp"

#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <span>
#include <string_view>

#include "core/date_value.hpp"
#include "core/field.hpp"
#include "transforms/outputs/csv_text.hpp"
#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/value_text.hpp"
#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

constexpr std::array<core::QueryReason, 9> kReasons = {
    core::QueryReason::AtOnly,          core::QueryReason::CensusOnly,
    core::QueryReason::PossibleMatch,   core::QueryReason::NhsNumber,
    core::QueryReason::NoNhsNumber,     core::QueryReason::Discrepancy,
    core::QueryReason::SourceConflict,  core::QueryReason::DuplicateInCensus,
    core::QueryReason::DuplicateEpisode};

// The return's name for a column that holds a field (at-spec §6), so that the people who
// receive the list read the names of the return they fill in.
std::string column_of(core::Field f) {
  return std::string(core::field_info(f).national_name);
}

// Column indexes used below: AgeMonths is a number in the workbook; the reason and the action
// are wide.
constexpr std::size_t kAgeColumn = 7;
constexpr std::size_t kActionColumn = 8;
constexpr std::size_t kReasonColumn = 3;

const std::vector<std::string>& columns() {
  using core::Field;
  static const std::vector<std::string> kColumns = {"QueryId",
                                                    "Period",
                                                    "ReasonCode",
                                                    "Reason",
                                                    "Owner",
                                                    "Status",
                                                    "OpenedPeriod",
                                                    "AgeMonths",
                                                    "SuggestedAction",
                                                    column_of(Field::NhsNumber),
                                                    column_of(Field::LocalId),
                                                    column_of(Field::Surname),
                                                    column_of(Field::Forename),
                                                    column_of(Field::DateOfBirth),
                                                    column_of(Field::ProviderSiteCode),
                                                    column_of(Field::AdmissionDate),
                                                    "ATRecords",
                                                    "CensusRecord",
                                                    "Field",
                                                    "ValueReturned",
                                                    "ReturnedFrom",
                                                    "OtherValue",
                                                    "OtherFrom",
                                                    "Evidence"};
  return kColumns;
}

// One query's 24 cells: views into the query where a value goes out as it is, and text made
// for the list (dates in the return's form, the age, the field's column name) held here.
// Reused from row to row, so a list of a million queries makes no string per cell.
class QueryCells {
 public:
  explicit QueryCells(const std::string& date_format) : date_(date_format) {}
  void fill(const core::TrackedQuery& t, const Period& period);
  [[nodiscard]] std::span<const std::string_view> cells() const { return cells_; }

 private:
  DateText date_;
  std::string age_;
  std::string born_;
  std::string admitted_;
  std::string returned_;
  std::string other_;
  std::array<std::string_view, 24> cells_{};
};

void QueryCells::fill(const core::TrackedQuery& t, const Period& period) {
  const auto& q = t.query;
  const auto& who = q.subject;
  // The field by its return column name, and its values in the return's form.
  std::string_view column = q.field;
  std::string_view returned = q.value_returned;
  std::string_view other = q.other_value;
  if (auto f = core::field_by_name(q.field)) {
    const auto& info = core::field_info(*f);
    column = info.national_name;
    if (info.kind == core::FieldKind::CalendarDate) {
      returned = returned_.assign(date_(q.value_returned));
      other = other_.assign(date_(q.other_value));
    }
  }
  age_ = std::to_string(t.age_months);
  born_.assign(date_(who.date_of_birth));
  admitted_.assign(date_(who.admission_date));
  cells_ = {q.id,
            period.label,
            core::reason_code(q.reason),
            core::reason_text(q.reason),
            q.owner,
            core::to_string(t.status),
            t.opened_period,
            age_,
            q.action,
            q.nhs_number,
            who.local_id,
            who.surname,
            who.forename,
            born_,
            who.site,
            admitted_,
            q.at_refs,
            q.census_ref,
            column,
            returned,
            q.returned_from,
            other,
            q.other_from,
            q.evidence};
}

std::vector<std::string> row_of(const core::TrackedQuery& t, const Period& period,
                                const std::string& date_format) {
  QueryCells row(date_format);
  row.fill(t, period);
  return {row.cells().begin(), row.cells().end()};
}

// The page's text, handed to the sink in chunks as it is made.
class HtmlText {
 public:
  static constexpr std::size_t kChunkBytes = 256 * 1024;

  explicit HtmlText(ByteSink& sink) : sink_(sink) {}
  HtmlText& operator<<(std::string_view text) {
    text_ += text;
    if (text_.size() >= kChunkBytes) {
      flush();
    }
    return *this;
  }
  // Patient data and titles: no raw control character, no markup.
  HtmlText& escaped(std::string_view s);
  void flush() {
    sink_.write(text_);
    text_.clear();
  }

 private:
  ByteSink& sink_;
  std::string text_;
};

HtmlText& HtmlText::escaped(std::string_view s) {
  for (char c : without_controls(s)) {
    switch (c) {
      case '&':
        text_ += "&amp;";
        break;
      case '<':
        text_ += "&lt;";
        break;
      case '>':
        text_ += "&gt;";
        break;
      case '"':
        text_ += "&quot;";
        break;
      case '\'':
        text_ += "&#39;";
        break;
      default:
        text_ += c;
    }
  }
  return *this;
}

}  // namespace

std::string owner_code(const std::string& owner) {
  std::string code = owner_ods(owner);
  for (char& c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return code;
}

void write_queries_csv(const std::vector<core::TrackedQuery>& queries, const Period& period,
                       const std::string& date_format, ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  csv.row(columns());
  QueryCells row(date_format);
  for (const auto& t : queries) {
    row.fill(t, period);
    csv.row(row.cells());
  }
  csv.flush();
}

std::string render_queries_csv(const std::vector<core::TrackedQuery>& queries, const Period& period,
                               const std::string& date_format) {
  StringSink text;
  write_queries_csv(queries, period, date_format, text);
  return text.take();
}

void write_queries_html(const std::vector<core::TrackedQuery>& queries, const Period& period,
                        const std::string& title, const std::string& date_format, ByteSink& out) {
  HtmlText h(out);
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>";
  h.escaped(title) << "</title>\n<style>\n"
                      "body{font-family:Arial,sans-serif;font-size:10pt;margin:1cm}\n"
                      "h1{font-size:14pt}h2{font-size:12pt;margin-top:1.5em}\n"
                      "table{border-collapse:collapse;width:100%}th,td{border:1px solid "
                      "#999;padding:3px;"
                      "vertical-align:top;text-align:left}th{background:#e8edee}\n"
                      "@media print{@page{size:A4 landscape;margin:1cm}h2{page-break-before:auto}"
                      "tr{page-break-inside:avoid}}\n"
                      "</style></head><body>\n<h1>";
  h.escaped(title) << "</h1>\n<p>Reporting period ";
  h.escaped(period.label) << " (cut " << core::format_date(period.cut, date_format) << "). "
                          << std::to_string(queries.size()) << " open "
                          << (queries.size() == 1 ? "query" : "queries")
                          << ". Contains patient data: keep and share it as you would the "
                             "return.</p>\n";
  // What the owner works from: the patient's details, the field and both values.
  static const std::vector<std::size_t> kShown = {0,  4,  7,  8,  9,  10, 11, 12,
                                                  13, 14, 15, 18, 19, 21, 23};
  QueryCells row(date_format);
  for (auto reason : kReasons) {
    std::size_t count = 0;
    for (const auto& t : queries) {
      count += t.query.reason == reason ? 1 : 0;
    }
    if (count == 0) {
      continue;
    }
    h << "<h2>";
    h.escaped(core::reason_code(reason)) << ": ";
    h.escaped(core::reason_text(reason))
        << " (" << std::to_string(count) << ")</h2>\n<table><thead><tr>";
    for (auto c : kShown) {
      h << "<th>";
      h.escaped(columns()[c]) << "</th>";
    }
    h << "</tr></thead><tbody>\n";
    for (const auto& t : queries) {
      if (t.query.reason != reason) {
        continue;
      }
      row.fill(t, period);
      h << "<tr>";
      for (auto c : kShown) {
        h << "<td>";
        h.escaped(row.cells()[c]) << "</td>";
      }
      h << "</tr>\n";
    }
    h << "</tbody></table>\n";
  }
  h << "</body></html>\n";
  h.flush();
}

std::string render_queries_html(const std::vector<core::TrackedQuery>& queries,
                                const Period& period, const std::string& title,
                                const std::string& date_format) {
  StringSink text;
  write_queries_html(queries, period, title, date_format, text);
  return text.take();
}

core::Expected<void> write_queries_xlsx(const std::filesystem::path& path,
                                        const std::vector<core::TrackedQuery>& queries,
                                        const Period& period, const std::string& date_format) {
  auto tmp = temp_beside(path);
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(tmp.c_str(), &options);
  if (book == nullptr) {
    return core::fail(core::ErrorCode::Io, "cannot create workbook",
                      core::Provenance{"", path.string(), 0, ""});
  }
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xE8EDEE);
  const auto& cols = columns();
  bool any = false;
  for (auto reason : kReasons) {
    std::vector<const core::TrackedQuery*> rows;
    for (const auto& t : queries) {
      if (t.query.reason == reason) {
        rows.push_back(&t);
      }
    }
    if (rows.empty()) {
      continue;
    }
    any = true;
    lxw_worksheet* sheet =
        workbook_add_worksheet(book, std::string(core::reason_code(reason)).c_str());
    for (std::size_t c = 0; c < cols.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), cols[c].c_str(), bold);
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == kReasonColumn || c == kActionColumn ? 50 : 16, nullptr);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      auto values = row_of(*rows[r], period, date_format);
      for (std::size_t c = 0; c < values.size(); ++c) {
        auto row = static_cast<lxw_row_t>(r + 1);
        auto col = static_cast<lxw_col_t>(c);
        if (c == kAgeColumn) {
          worksheet_write_number(sheet, row, col, rows[r]->age_months, nullptr);
        } else {
          worksheet_write_string(sheet, row, col, values[c].c_str(), nullptr);
        }
      }
    }
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(rows.size()),
                         static_cast<lxw_col_t>(cols.size() - 1));
    worksheet_freeze_panes(sheet, 1, 0);
  }
  if (!any) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "No open queries");
    worksheet_write_string(sheet, 0, 0, ("No open queries for " + period.label).c_str(), bold);
  }
  lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return core::fail(core::ErrorCode::Io,
                      std::string("cannot write workbook: ") + lxw_strerror(err),
                      core::Provenance{"", path.string(), 0, ""});
  }
  return commit_temp(tmp, path);
}

}  // namespace atpipe::transforms
