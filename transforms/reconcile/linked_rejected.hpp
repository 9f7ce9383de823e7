#pragma once

#include <string>
#include <vector>

#include "core/query.hpp"
#include "core/record.hpp"

namespace atpipe::transforms {

// Rows kept out of the return (AT) or the census for an identifying value that could not be
// used, which still take part in linkage: a person with an unreadable date of birth is still
// a person. Filled by the driver with rejected_only_for_identifying_values; pointers into
// records the caller keeps alive.
struct RejectedForLinkage {
  std::vector<const core::Record*> at;
  std::vector<const core::Record*> census;
};

// True when every error finding on `rec` is a format or presence rule on an identifying
// field (at-spec §6): NHS number missing or invalid (AT-R010 to AT-R013); date of birth not
// a real date, missing or in the future (ATP-M001, AT-R020, AT-R023 on date_of_birth); home
// postcode malformed (AT-R031 on postcode_home); and there is at least one.
[[nodiscard]] bool rejected_only_for_identifying_values(const core::Record& rec);

// For a linked pair one of whose rows was rejected: one query per identifying field whose
// value was refused, naming the field, both values and the link, so the person fixing the
// source sees who it is. `base` carries the owner, references and evidence.
[[nodiscard]] std::vector<core::Query> refused_value_queries(const core::Record& bad,
                                                             const core::Record& partner,
                                                             bool bad_is_at,
                                                             const core::Query& base);

}  // namespace atpipe::transforms
