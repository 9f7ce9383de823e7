#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/expected.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/period/period.hpp"

namespace atpipe::transforms {

// One table of the board summary: a title and counts by category, in a fixed order so that
// months can be compared side by side.
struct SummaryTable {
  std::string name;   // sheet name, e.g. "length_of_stay"
  std::string title;  // "Length of stay at the cut (inpatients)"
  std::vector<std::pair<std::string, std::size_t>> rows;
};

// The measures of at-spec §3.1/§3.3 that the return's fields support: inpatients at the cut,
// admissions, discharges and carried over; length-of-stay, age, ward security, legal status
// group, gender, LD/autism category and provider of the inpatients at the cut.
[[nodiscard]] std::vector<SummaryTable> summarise(
    const std::vector<const MergedPatient*>& in_return, const Period& period);

// "Table,Category,Count" CSV, tables in order.
[[nodiscard]] std::string render_summary_csv(const std::vector<SummaryTable>& tables,
                                             const Period& period);

// One sheet per table, written 0600 beside `path` and renamed into place.
[[nodiscard]] core::Expected<void> write_summary_xlsx(const std::filesystem::path& path,
                                                      const std::vector<SummaryTable>& tables,
                                                      const Period& period,
                                                      const std::string& title);

}  // namespace atpipe::transforms
