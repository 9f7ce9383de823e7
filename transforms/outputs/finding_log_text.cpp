#include "transforms/outputs/finding_log_text.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

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

// A log's places and finding texts as CSV cells, each made the first time a row needs it:
// most rows repeat one file and one finding, so a row writes only its row and local id.
class MadeCells {
 public:
  explicit MadeCells(const CsvText& csv) : csv_(csv) {}
  std::string_view place(const FindingLog::Line& line) {
    auto& cached = slot(places_, line.place_id);
    if (!cached) {
      const std::array<std::string_view, 2> cells = {line.place.source, line.place.file};
      cached = csv_.made_cells(cells);
    }
    return *cached;
  }
  std::string_view finding(const FindingLog::Line& line) {
    auto& cached = slot(findings_, line.finding_id);
    if (!cached) {
      const auto& f = line.finding;
      const std::array<std::string_view, 4> cells = {
          f.field, f.rule, f.severity == core::Severity::Error ? "error" : "warning", f.message};
      cached = csv_.made_cells(cells);
    }
    return *cached;
  }

 private:
  static std::optional<std::string>& slot(std::vector<std::optional<std::string>>& cache,
                                          std::uint32_t id) {
    if (cache.size() <= id) {
      cache.resize(id + 1);
    }
    return cache[id];
  }

  const CsvText& csv_;
  std::vector<std::optional<std::string>> places_;
  std::vector<std::optional<std::string>> findings_;
};

void write_finding_logs(const std::vector<const FindingLog*>& logs, ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  write_header(csv);
  char digits[24];
  for (const auto* log : logs) {
    MadeCells made(csv);
    for (std::size_t i = 0; i < log->size(); ++i) {
      const auto line = log->line(i);
      const auto end = std::to_chars(std::begin(digits), std::end(digits), line.row).ptr;
      const std::array<CsvText::Piece, 4> pieces = {
          CsvText::Piece{made.place(line), true},
          CsvText::Piece{std::string_view(digits, static_cast<std::size_t>(end - digits))},
          CsvText::Piece{line.local_id}, CsvText::Piece{made.finding(line), true}};
      csv.row(pieces);
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
