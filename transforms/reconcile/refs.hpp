#pragma once

#include <string>
#include <vector>

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

// What the owner of each kind of query is asked to do (one wording for every reconciler).
[[nodiscard]] std::string at_only_action(const std::string& owner);
[[nodiscard]] std::string census_only_action(const std::string& commissioner);
[[nodiscard]] std::string duplicate_action(const std::string& owner);
[[nodiscard]] std::string discrepancy_action(const std::string& field, const std::string& owner);

}  // namespace atpipe::transforms
