#pragma once

#include <string>
#include <vector>

#include "core/query.hpp"
#include "core/record.hpp"

namespace atpipe::transforms {

// How queries and links name records and owners; shared by exact and linked reconciliation.

// "source:local_id", or "source:row N" for a record without a local id.
[[nodiscard]] std::string record_ref(const core::Record& r);
// Parts joined with ';'.
[[nodiscard]] std::string join_refs(const std::vector<std::string>& parts);
// "RP1 (provider)" from the record, or "QPM (commissioner)" when it names no provider.
[[nodiscard]] std::string provider_owner(const core::Record& r, const std::string& commissioner);

// "RP1" from "RP1 (provider)".
[[nodiscard]] std::string owner_ods(const std::string& owner);

// The identifying details of `r` that a query's owner needs to find the patient.
[[nodiscard]] core::QuerySubject subject_of(const core::Record& r);

// What the owner of a query is asked to do, in one table for every reconciler. The action is
// addressed to the owner's own system ("your inpatient system"), never to an atpipe source
// name: a per-owner list goes to another organisation, whose extract atpipe names
// differently (the source names stay in the ATRecords / ReturnedFrom columns).
[[nodiscard]] std::string query_action(core::QueryReason reason, const std::string& owner,
                                       const std::string& field, const std::string& commissioner);

// The same wording under the names the reconcilers call.
[[nodiscard]] std::string at_only_action(const std::string& owner);
[[nodiscard]] std::string census_only_action(const std::string& commissioner);
[[nodiscard]] std::string duplicate_action(const std::string& owner);
[[nodiscard]] std::string discrepancy_action(const std::string& field, const std::string& owner);

}  // namespace atpipe::transforms
