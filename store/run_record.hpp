#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace atpipe::store {

// What one source contributed to a run. pulled = accepted + rejected always holds.
struct SourceCounts {
  std::string source;
  std::string type;
  std::string role;  // "at" / "census"
  std::size_t pulled = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t warnings = 0;  // findings of severity warning on accepted records
  bool failed = false;       // the source could not be read at all
  std::string error;         // why, when failed (no patient data)
  // Entries of a folder or pattern the source matched but did not read ("file: why"); shown
  // in the run summary, not kept in the state store.
  std::vector<std::string> skipped;
};

// One run as the state store keeps it: enough to answer "what happened on the 1st?"
// without rerunning, and counts that add up.
struct RunRecord {
  std::string run_id;
  std::string started_at;   // UTC, ISO 8601
  std::string finished_at;  // UTC, ISO 8601
  std::string period;       // "2026-10"
  std::string status;       // ok | partial (a source failed) | failed
  std::string config_path;
  std::vector<SourceCounts> sources;
  std::size_t patients = 0;           // merged AT patients with any record
  std::size_t patients_rejected = 0;  // in the period but failing a patient-level rule
  std::size_t in_return = 0;          // rows in the return
  std::size_t inpatients_at_cut = 0;
  std::size_t discharged_in_period = 0;
  std::size_t outside_period = 0;  // merged patients whose episode is not in the period
  std::size_t census = 0;
  // A census source is configured but gave no rows at the cut: reconciliation was skipped and
  // the census queries were left as they were.
  bool census_missing = false;
  // The linkage model's fit, for the run summary (not kept in the state store).
  std::vector<std::string> linkage_fit;
  std::size_t matched = 0;
  std::size_t matched_with_discrepancies = 0;
  std::size_t at_only = 0;
  std::size_t census_only = 0;
  std::size_t matched_probabilistic = 0;  // of matched; not kept in the store (nor below)
  std::size_t reviews = 0;
  std::size_t linked_without_nhs = 0;
  std::size_t no_nhs_number = 0;
  std::size_t queries = 0;           // open after the run
  std::size_t queries_opened = 0;    // new (or reopened) in this run
  std::size_t queries_resolved = 0;  // closed by this run's data
  std::string return_path;
  std::string queries_path;
  std::string rejects_path;
  std::string warnings_path;
  std::string links_path;
  std::string summary_path;  // the CSV; the workbook sits beside it (not kept in the store)
  std::vector<std::string> query_files;  // every query list written (not kept in the store)
};

}  // namespace atpipe::store
