#include "transforms/outputs/writers.hpp"

#include <array>
#include <cstdio>

#include "core/date_value.hpp"
#include "core/text.hpp"
#include "transforms/outputs/csv_text.hpp"

namespace atpipe::transforms {

namespace {

// Each "yyyy-mm-dd|type|outcome" entry with its date in the return's format.
std::string format_history(const std::string& history, const std::string& format) {
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

std::string render_return(const std::vector<const MergedPatient*>& patients, const Period& period,
                          const std::string& date_format) {
  // Uploaded as written: values are never prefixed, but no control character goes out raw.
  CsvText csv("\r\n", CellSafety::Data);
  std::vector<std::string> header = {"ReportingPeriodEnd", "InpatientAtPeriodEnd"};
  for (const auto& info : core::all_fields()) {
    header.emplace_back(info.national_name);
  }
  csv.row(header);
  for (const auto* p : patients) {
    std::vector<std::string> row = {
        core::format_date(period.cut, date_format),
        membership(p->record, period) == Membership::InpatientAtCut ? "Y" : "N"};
    for (const auto& info : core::all_fields()) {
      const auto& value = p->record.get(info.id);
      row.push_back(info.kind == core::FieldKind::CalendarDate
                        ? core::format_iso_date(value, date_format)
                    : info.kind == core::FieldKind::CetrHistory ? format_history(value, date_format)
                                                                : value);
    }
    csv.row(row);
  }
  return csv.str();
}

std::string render_links(const std::vector<Link>& links) {
  CsvText csv;
  csv.row({"ATSource", "ATLocalId", "ATRecords", "CensusSource", "CensusLocalId", "Method",
           "Status", "MatchWeight", "Probability", "Evidence"});
  char weight[32];
  char probability[32];
  for (const auto& l : links) {
    std::snprintf(weight, sizeof weight, "%.2f", l.weight);
    std::snprintf(probability, sizeof probability, "%.4f", l.probability);
    csv.row({l.at_source, l.at_local_id, l.at_records, l.census_source, l.census_local_id, l.method,
             l.status, weight, probability, l.evidence});
  }
  return csv.str();
}

std::string render_findings(const std::vector<const core::Record*>& records,
                            core::Severity severity) {
  CsvText csv;
  csv.row({"Source", "File", "Row", "LocalId", "Field", "Rule", "Severity", "Reason"});
  for (const auto* r : records) {
    const auto row = std::to_string(r->where.row);
    for (const auto& f : r->findings) {
      if (f.severity != severity) {
        continue;
      }
      const std::array<std::string_view, 8> cells = {
          r->where.source,
          r->where.file,
          row,
          r->get(core::Field::LocalId),
          f.field,
          f.rule,
          f.severity == core::Severity::Error ? "error" : "warning",
          f.message};
      csv.row(cells);
    }
  }
  return csv.str();
}

}  // namespace atpipe::transforms
