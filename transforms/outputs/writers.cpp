#include "transforms/outputs/writers.hpp"

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

std::string render_queries(const std::vector<Query>& queries, const Period& period) {
  CsvText csv;
  csv.row({"QueryId", "Period", "ReasonCode", "Reason", "Owner", "SuggestedAction", "NHSNumber",
           "ATRecords", "CensusRecord", "Field", "ValueReturned", "ReturnedFrom", "OtherValue",
           "OtherFrom"});
  for (const auto& q : queries) {
    csv.row({q.id, period.label, std::string(reason_code(q.reason)),
             std::string(reason_text(q.reason)), q.owner, q.action, q.nhs_number, q.at_refs,
             q.census_ref, q.field, q.value_returned, q.returned_from, q.other_value,
             q.other_from});
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
