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

}  // namespace atpipe::transforms
