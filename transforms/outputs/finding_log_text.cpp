#include "transforms/outputs/finding_log_text.hpp"

#include <array>
#include <string_view>

#include "transforms/outputs/csv_text.hpp"

namespace atpipe::transforms {

void write_finding_logs(const std::vector<const FindingLog*>& logs, ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  csv.row({"Source", "File", "Row", "LocalId", "Field", "Rule", "Severity", "Reason"});
  for (const auto* log : logs) {
    for (std::size_t i = 0; i < log->size(); ++i) {
      const auto line = log->line(i);
      const auto row = std::to_string(line.row);
      const std::array<std::string_view, 8> cells = {
          line.place.source,
          line.place.file,
          row,
          line.local_id,
          line.finding.field,
          line.finding.rule,
          line.finding.severity == core::Severity::Error ? "error" : "warning",
          line.finding.message};
      csv.row(cells);
    }
  }
  csv.flush();
}

std::string render_finding_logs(const std::vector<const FindingLog*>& logs) {
  StringSink text;
  write_finding_logs(logs, text);
  return text.take();
}

}  // namespace atpipe::transforms
