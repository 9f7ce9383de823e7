#include "transforms/outputs/finding_log_text.hpp"

#include <array>
#include <charconv>
#include <string_view>

#include "transforms/outputs/csv_text.hpp"

namespace atpipe::transforms {
namespace {

void write_header(CsvText& csv) {
  csv.row({"Source", "File", "Row", "LocalId", "Field", "Rule", "Severity", "Reason"});
}

// One finding at one row: the one place both logs' columns are written.
void write_line(CsvText& csv, const core::Provenance& place, std::size_t row,
                std::string_view local_id, const core::Finding& finding) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), row).ptr;
  const std::array<std::string_view, 8> cells = {
      place.source,
      place.file,
      std::string_view(digits, static_cast<std::size_t>(end - digits)),
      local_id,
      finding.field,
      finding.rule,
      finding.severity == core::Severity::Error ? "error" : "warning",
      finding.message};
  csv.row(cells);
}

}  // namespace

void write_finding_logs(const std::vector<const FindingLog*>& logs, ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  write_header(csv);
  for (const auto* log : logs) {
    for (std::size_t i = 0; i < log->size(); ++i) {
      const auto line = log->line(i);
      write_line(csv, line.place, line.row, line.local_id, line.finding);
    }
  }
  csv.flush();
}

std::string render_finding_logs(const std::vector<const FindingLog*>& logs) {
  StringSink text;
  write_finding_logs(logs, text);
  return text.take();
}

void write_findings(const std::vector<const core::Record*>& records, core::Severity severity,
                    ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  write_header(csv);
  for (const auto* r : records) {
    std::string_view local_id = r->get(core::Field::LocalId);
    for (const auto& f : r->findings) {
      if (f.severity == severity) {
        write_line(csv, r->where, r->where.row, local_id, f);
      }
    }
  }
  csv.flush();
}

}  // namespace atpipe::transforms
