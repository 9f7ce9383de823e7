#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date_value.hpp"
#include "core/record.hpp"
#include "transforms/validate/rules.hpp"

// Small helpers the rule stages share (validate.cpp, patient_rules.cpp, person_rules.cpp).
// Private to transforms/validate/; stateless, so any thread may call them.
namespace atpipe::transforms::rule_detail {

// Adds the finding of rule `id` about `field`. An empty `message` takes the rule's own; a rule
// borrowed for a field that has none of its own passes a message saying so. `severity`
// overrides the rule's (an optional item never rejects a record).
void add(core::Record& rec, std::string_view id, core::Field field, std::string message = {},
         std::optional<core::Severity> severity = std::nullopt);

[[nodiscard]] std::optional<core::Date> date_of(const core::Record& rec, core::Field f);

// True when `value` is in the code list `list` for the record's spec version. A record whose
// spec_version is itself unknown (AT-R002) is checked under the version in force at the cut,
// so one bad version does not flag every code of the record.
[[nodiscard]] bool in_list(const core::Record& rec, const RuleContext& ctx, std::string_view list,
                           std::string_view value);
// The config has `list` for the record's spec version.
[[nodiscard]] bool list_exists(const RuleContext& ctx, const core::Record& rec,
                               std::string_view list);
// in_list on the field's value; false when the field is empty.
[[nodiscard]] bool field_in(const core::Record& rec, const RuleContext& ctx, core::Field f,
                            std::string_view list);

// In hospital at the end of the cut day: no discharge date or one after the cut (at-spec §3.3).
[[nodiscard]] bool inpatient(const core::Record& rec, const RuleContext& ctx);
// Whole years at the cut; nullopt without a date of birth.
[[nodiscard]] std::optional<int> age_at_cut(const core::Record& rec, const RuleContext& ctx);
[[nodiscard]] core::Date add_days(const core::Date& d, int days);
// `months` calendar months earlier, clamped to the month's last day (31 Aug - 6 = 28/29 Feb).
[[nodiscard]] core::Date months_before(const core::Date& d, int months);

// An error finding already says something about `f` (a value the mapper could not read).
[[nodiscard]] bool has_error_on(const core::Record& rec, core::Field f);

// Parts of validate_patient kept in care_rules.cpp: C(E)TRs and oversight visits; discharge
// planning and delays.
void check_cetr(core::Record& rec, const RuleContext& ctx);
void check_discharge_planning(core::Record& rec, const RuleContext& ctx);

}  // namespace atpipe::transforms::rule_detail
