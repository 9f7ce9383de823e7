#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/query.hpp"
#include "transforms/outputs/byte_sink.hpp"
#include "transforms/period/period.hpp"

namespace atpipe::transforms {

// The return's date form when a config does not set one (outputs.return_dates).
inline constexpr const char* kDefaultReturnDateFormat = "%d/%m/%Y";

// The query list as case managers use it (issue 3/7): one row per open query with its
// reason, owner, an action addressed to the owner, the patient's identifying details (local
// id, name, date of birth, site, admission date), the records it is about, the field by its
// return column name, both values, the period it was opened and its age in months. Dates
// are written in `date_format` (cfg.outputs.return_date_format), as in the return.
[[nodiscard]] std::string render_queries_csv(
    const std::vector<core::TrackedQuery>& queries, const Period& period,
    const std::string& date_format = kDefaultReturnDateFormat);
// The same text, streamed to `out` as it is made.
void write_queries_csv(const std::vector<core::TrackedQuery>& queries, const Period& period,
                       const std::string& date_format, ByteSink& out);

// A printable page: one table per reason, patient data escaped, no scripts or external
// resources (it is opened from a secure folder, possibly offline).
[[nodiscard]] std::string render_queries_html(
    const std::vector<core::TrackedQuery>& queries, const Period& period, const std::string& title,
    const std::string& date_format = kDefaultReturnDateFormat);
// The same page, streamed to `out` as it is made.
void write_queries_html(const std::vector<core::TrackedQuery>& queries, const Period& period,
                        const std::string& title, const std::string& date_format, ByteSink& out);

// An Excel workbook, one sheet per reason with autofilter and a frozen header row. Written to
// a 0600 temporary beside `path` and renamed into place.
[[nodiscard]] core::Expected<void> write_queries_xlsx(
    const std::filesystem::path& path, const std::vector<core::TrackedQuery>& queries,
    const Period& period, const std::string& date_format = kDefaultReturnDateFormat);

// "RP1 (provider)" -> "RP1": the owner's code, safe to use in a file name.
[[nodiscard]] std::string owner_code(const std::string& owner);

}  // namespace atpipe::transforms
