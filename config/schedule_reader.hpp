#pragma once

// The `schedule:` section's reader, private to config/.

#include <optional>

#include "config/key_table.hpp"
#include "config/schedule_model.hpp"

namespace atpipe::config::detail {

// `schedule:` of the top-level reader: cut, weekly_cut, submit, pulls and bank holidays
// (inline or from bank_holidays_file, each date reported at its own file:line:col). nullopt
// when the section is absent or malformed (already reported).
[[nodiscard]] std::optional<ScheduleSpec> read_schedule(const NodeReader& top);

// "HH:MM" from 00:00 to 23:59, or nullopt.
[[nodiscard]] std::optional<TimeOfDay> parse_time_of_day(std::string_view text);

}  // namespace atpipe::config::detail
