#include "transforms/outputs/writers.hpp"

#include <cstdio>

#include "transforms/outputs/csv_text.hpp"

namespace atpipe::transforms {

std::string render_return(const std::vector<const MergedPatient*>& patients, const Period& period) {
  CsvText csv("\r\n");
  std::vector<std::string> header = {"ReportingPeriodEnd", "InpatientAtPeriodEnd"};
  for (const auto& info : core::all_fields()) {
    header.emplace_back(info.national_name);
  }
  csv.row(header);
  for (const auto* p : patients) {
    std::vector<std::string> row = {
        core::to_iso(period.cut),
        membership(p->record, period) == Membership::InpatientAtCut ? "Y" : "N"};
    for (const auto& info : core::all_fields()) {
      row.push_back(p->record.get(info.id));
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
    for (const auto& f : r->findings) {
      if (f.severity != severity) {
        continue;
      }
      csv.row({r->where.source, r->where.file, std::to_string(r->where.row),
               r->get(core::Field::LocalId), f.field, f.rule,
               f.severity == core::Severity::Error ? "error" : "warning", f.message});
    }
  }
  return csv.str();
}

}  // namespace atpipe::transforms
