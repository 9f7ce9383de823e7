#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/code_lists.hpp"
#include "core/expected.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/byte_sink.hpp"
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
// admissions, discharges and carried over; length of stay, age, ward security, legal status
// group, gender, LD/autism category, provider, distance from home, C(E)TR coverage, time to
// planned discharge, care plan status, delayed discharge, extended S17 leave, EHC plan and
// advocacy of the inpatients; type, planning, DSR and C(E)TR of the admissions; closure
// reason group of the discharges. Groups (community, transfer, died, secure) come from
// `lists`. Counts are exact: publication rounding (at-spec §3.1) is not applied.
[[nodiscard]] std::vector<SummaryTable> summarise(
    const std::vector<const MergedPatient*>& in_return, const Period& period,
    const core::CodeLists& lists);

// summarise() made while another walk reads the episodes (the return writer's, so that each
// record is read from memory once): add() each episode of the return in order with its
// membership, then take tables() once. Owned by the one thread walking.
class SummaryWalk {
 public:
  SummaryWalk(const Period& period, const core::CodeLists& lists);
  SummaryWalk(SummaryWalk&&) noexcept;
  SummaryWalk& operator=(SummaryWalk&&) = delete;
  ~SummaryWalk();

  void add(const MergedPatient& p, Membership m);
  [[nodiscard]] std::vector<SummaryTable> tables();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Board papers see exact local counts; only a publication would round (at-spec §3.1).
inline constexpr const char* kExactCountsNote =
    "Exact local counts: publication rounding (multiples of 5, 'less than 5') is not applied";

// "Table,Category,Count" CSV after one '#' line saying the counts are not rounded.
[[nodiscard]] std::string render_summary_csv(const std::vector<SummaryTable>& tables,
                                             const Period& period);
// The same text, streamed to `out`.
void write_summary_csv(const std::vector<SummaryTable>& tables, const Period& period,
                       ByteSink& out);

// One sheet per table, written 0600 beside `path` and renamed into place.
[[nodiscard]] core::Expected<void> write_summary_xlsx(const std::filesystem::path& path,
                                                      const std::vector<SummaryTable>& tables,
                                                      const Period& period,
                                                      const std::string& title);

}  // namespace atpipe::transforms
