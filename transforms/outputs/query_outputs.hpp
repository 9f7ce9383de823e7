#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/query.hpp"
#include "transforms/period/period.hpp"

namespace atpipe::transforms {

// The query list as case managers use it (issue 3/7): one row per open query with its
// reason, owner, suggested action, the records it is about, both values, the period it was
// opened and its age in months.
[[nodiscard]] std::string render_queries_csv(const std::vector<core::TrackedQuery>& queries,
                                             const Period& period);

// A printable page: one table per reason, patient data escaped, no scripts or external
// resources (it is opened from a secure folder, possibly offline).
[[nodiscard]] std::string render_queries_html(const std::vector<core::TrackedQuery>& queries,
                                              const Period& period, const std::string& title);

// An Excel workbook, one sheet per reason with autofilter and a frozen header row. Written to
// a 0600 temporary beside `path` and renamed into place.
[[nodiscard]] core::Expected<void> write_queries_xlsx(
    const std::filesystem::path& path, const std::vector<core::TrackedQuery>& queries,
    const Period& period);

// "RP1 (provider)" -> "RP1": the owner's code, safe to use in a file name.
[[nodiscard]] std::string owner_code(const std::string& owner);

}  // namespace atpipe::transforms
