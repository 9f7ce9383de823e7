// Writing the board summary: the CSV and the XLSX workbook (one sheet per table).

#include <xlsxwriter.h>

#include <cstdio>

#include "transforms/outputs/csv_text.hpp"
#include "transforms/outputs/secure_file.hpp"
#include "transforms/summary/summary.hpp"

namespace atpipe::transforms {

void write_summary_csv(const std::vector<SummaryTable>& tables, const Period& period,
                       ByteSink& out) {
  out.write(std::string("# ") + kExactCountsNote + "\n");
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  csv.row({"Period", "Table", "Category", "Count"});
  for (const auto& t : tables) {
    for (const auto& [label, n] : t.rows) {
      csv.row({period.label, t.name, label, std::to_string(n)});
    }
  }
  csv.flush();
}

std::string render_summary_csv(const std::vector<SummaryTable>& tables, const Period& period) {
  StringSink text;
  write_summary_csv(tables, period, text);
  return text.take();
}

core::Expected<void> write_summary_xlsx(const std::filesystem::path& path,
                                        const std::vector<SummaryTable>& tables,
                                        const Period& period, const std::string& title) {
  auto tmp = temp_beside(path);
  lxw_workbook* book = workbook_new(tmp.c_str());
  if (book == nullptr) {
    return core::fail(core::ErrorCode::Io, "cannot create workbook",
                      core::Provenance{"", path.string(), 0, ""});
  }
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (const auto& t : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, t.name.c_str());
    worksheet_set_column(sheet, 0, 0, 48, nullptr);
    worksheet_set_column(sheet, 1, 1, 10, nullptr);
    worksheet_write_string(sheet, 0, 0, (title + ": " + t.title).c_str(), bold);
    worksheet_write_string(sheet, 1, 0,
                           ("Period " + period.label + ", cut " + core::to_iso(period.cut)).c_str(),
                           nullptr);
    worksheet_write_string(sheet, 2, 0, kExactCountsNote, nullptr);
    worksheet_write_string(sheet, 3, 0, "Category", bold);
    worksheet_write_string(sheet, 3, 1, "Count", bold);
    lxw_row_t row = 4;
    for (const auto& [label, n] : t.rows) {
      worksheet_write_string(sheet, row, 0, label.c_str(), nullptr);
      worksheet_write_number(sheet, row, 1, static_cast<double>(n), nullptr);
      ++row;
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return core::fail(core::ErrorCode::Io, "cannot write workbook",
                      core::Provenance{"", path.string(), 0, ""});
  }
  return commit_temp(tmp, path);
}

}  // namespace atpipe::transforms
