#include "transforms/outputs/writers.hpp"

#include <array>
#include <cstdio>

#include "core/date_value.hpp"
#include "core/text.hpp"
#include "transforms/outputs/csv_text.hpp"
#include "transforms/outputs/finding_log_text.hpp"

namespace atpipe::transforms {

namespace {

// Each "yyyy-mm-dd|type|outcome" entry with its date in the return's format.
std::string format_history(std::string_view history, const std::string& format) {
  std::string out;
  for (const auto& entry : core::split_items(history)) {
    auto parts = core::split_fields(entry, '|');
    parts[0] = core::format_iso_date(parts[0], format);
    std::string text;
    for (const auto& p : parts) {
      text += (text.empty() ? "" : "|") + p;
    }
    out += (out.empty() ? "" : ";") + text;
  }
  return out;
}

}  // namespace

void write_return(const std::vector<const MergedPatient*>& patients, const Period& period,
                  const std::string& date_format, ByteSink& out) {
  // Uploaded as written: values are never prefixed, but no control character goes out raw.
  CsvText csv("\r\n", CellSafety::Data, &out);
  std::vector<std::string> header = {"ReportingPeriodEnd", "InpatientAtPeriodEnd"};
  for (const auto& info : core::all_fields()) {
    header.emplace_back(info.national_name);
  }
  csv.row(header);
  const auto& fields = core::all_fields();
  const std::string cut = core::format_date(period.cut, date_format);
  // Cells are views: into the record, or into `formatted` for the dates rewritten in the
  // return's form (reused from row to row, so no string is made per cell).
  std::vector<std::string_view> cells(fields.size() + 2);
  std::vector<std::string> formatted(fields.size());
  cells[0] = cut;
  for (const auto* p : patients) {
    cells[1] = membership(p->record, period) == Membership::InpatientAtCut ? "Y" : "N";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& info = fields[i];
      const std::string_view value = p->record.get(info.id);
      if (info.kind == core::FieldKind::CalendarDate) {
        formatted[i] = core::format_iso_date(value, date_format);
        cells[i + 2] = formatted[i];
      } else if (info.kind == core::FieldKind::CetrHistory) {
        formatted[i] = format_history(value, date_format);
        cells[i + 2] = formatted[i];
      } else {
        cells[i + 2] = value;
      }
    }
    csv.row(cells);
  }
  csv.flush();
}

std::string render_return(const std::vector<const MergedPatient*>& patients, const Period& period,
                          const std::string& date_format) {
  StringSink text;
  write_return(patients, period, date_format, text);
  return text.take();
}

void write_links(const std::vector<Link>& links, ByteSink& out) {
  CsvText csv("\n", CellSafety::Spreadsheet, &out);
  csv.row({"ATSource", "ATLocalId", "ATRecords", "CensusSource", "CensusLocalId", "Method",
           "Status", "MatchWeight", "Probability", "Evidence"});
  char weight[32];
  char probability[32];
  for (const auto& l : links) {
    std::snprintf(weight, sizeof weight, "%.2f", l.weight);
    std::snprintf(probability, sizeof probability, "%.4f", l.probability);
    const std::array<std::string_view, 10> cells = {
        l.at_source, l.at_local_id, l.at_records, l.census_source, l.census_local_id,
        l.method,    l.status,      weight,       probability,     l.evidence};
    csv.row(cells);
  }
  csv.flush();
}

std::string render_links(const std::vector<Link>& links) {
  StringSink text;
  write_links(links, text);
  return text.take();
}

std::string render_findings(const std::vector<const core::Record*>& records,
                            core::Severity severity) {
  // One writer for both logs: the rows go through the same finding log the warnings use.
  FindingLog log;
  for (const auto* r : records) {
    log.add(*r, severity);
  }
  return render_finding_logs({&log});
}

}  // namespace atpipe::transforms
