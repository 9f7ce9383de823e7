#pragma once

#include <string>
#include <vector>

#include "core/record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/reconcile/query.hpp"

namespace atpipe::transforms {

struct ReconcileCounts {
  std::size_t at_inpatients = 0;  // AT patients in hospital at the cut
  std::size_t census = 0;         // accepted census records
  std::size_t matched = 0;        // linked on NHS number (with or without discrepancies)
  std::size_t matched_with_discrepancies = 0;
  std::size_t at_only = 0;
  std::size_t census_only = 0;
  std::size_t census_duplicates = 0;
  std::size_t matched_probabilistic = 0;  // of `matched`, linked without agreeing NHS numbers
  std::size_t reviews = 0;                // possible matches for a person to confirm
  std::size_t linked_without_nhs = 0;     // AT records without a usable NHS number, found
  std::size_t no_nhs_number = 0;          // ... and not found
};

// One linked AT/census pair, for the audit links file (issue 3/7).
struct Link {
  std::string at_source;
  std::string at_local_id;
  std::string at_records;  // every contributing AT record, "source:local_id;…"
  std::string census_source;
  std::string census_local_id;
  std::string method;   // "exact" (NHS number) or "probabilistic"
  std::string status;   // "match" or "review"
  double weight = 0.0;  // Fellegi–Sunter match weight (log2); 0 for exact links
  double probability = 1.0;
  std::string evidence;  // probabilistic links: each field's level and contribution
};

struct ReconcileResult {
  ReconcileCounts counts;
  std::vector<Link> links;     // in AT order
  std::vector<Query> queries;  // sorted by reason, then NHS number, then field
  // How probabilistic linkage fitted its model (EM converged or not, iterations, m and u per
  // level), one line each, no patient data; empty for the exact method.
  std::vector<std::string> linkage_fit;
};

// Links AT inpatients at the cut to census records exactly on a valid NHS number (the
// method of the national 2014 census/AT comparison, at-spec §4.3) and turns every outcome
// other than a clean match into a query. Pure.
[[nodiscard]] ReconcileResult reconcile_exact(const std::vector<const MergedPatient*>& at,
                                              const std::vector<core::Record>& census,
                                              const std::vector<core::Field>& compare,
                                              const std::string& commissioner);

}  // namespace atpipe::transforms
