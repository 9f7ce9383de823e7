#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date_value.hpp"
#include "core/record.hpp"

namespace atpipe::transforms {

// A monthly reporting period: from the first to the last day of the month; the cut is the
// end of the last day (at-spec §1.2, "midnight on the last calendar day").
struct Period {
  std::string label;  // "2026-10"
  core::Date start;
  core::Date cut;
};

[[nodiscard]] std::optional<Period> period_from_label(std::string_view label);
// The last month that has fully ended on `today`: the default period of a run.
[[nodiscard]] Period last_complete_period(const core::Date& today);

enum class Membership {
  InpatientAtCut,      // admitted by the cut and not discharged by it (AT-R170)
  DischargedInPeriod,  // discharged within the month: reported as a discharge
  EndedBeforePeriod,   // discharged before the month began: not in this return
  AdmittedAfterCut,    // not yet an inpatient at the cut
  Undated,             // no usable admission date (already rejected by AT-R070)
};

// Where an AT record stands against the period, from its admission and discharge dates.
[[nodiscard]] Membership membership(const core::Record& record, const Period& period);
[[nodiscard]] bool in_return(Membership m);

// The first ISO date (yyyy-mm-dd) in a file's name ("ward_census_2026-10-31.csv"), if any.
[[nodiscard]] std::optional<core::Date> date_in_file_name(std::string_view path);

// Census rows for the period: when census files are dated in their names, only the latest
// census taken in the month (dated on or before the cut, on or after the month's first day)
// counts — a census folder keeps every month's file, and a ward census may be taken on the
// last working day. Rows of undated files always count. Returns the number of rows left out.
std::size_t keep_census_at_cut(std::vector<core::Record>& census, const Period& period);

// The record as it stood at the end of the period, so that a run for a past month gives the
// return as it would have been: events dated after the cut had not happened yet. A discharge
// after the cut is cleared with its closure reason; C(E)TRs, oversight visits, care plan
// reviews, diagnoses and clinically-ready dates after the cut are cleared with their outcome
// codes, and the last C(E)TR falls back to the latest history entry on or before the cut.
// Returns the fields it cleared (for the run's log counts).
std::size_t as_at_cut(core::Record& record, const Period& period);

}  // namespace atpipe::transforms
