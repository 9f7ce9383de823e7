#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "core/code_lists.hpp"
#include "core/date_value.hpp"
#include "core/record.hpp"
#include "core/reference_data.hpp"

namespace atpipe::transforms {

enum class RuleScope { AtOnly, AtAndCensus };

// One validation rule as `atpipe rules` lists it; ids and wording follow at-spec §6.1, with
// atpipe's own mapping checks as ATP-Mnnn.
struct RuleInfo {
  std::string_view id;
  core::Severity severity;
  RuleScope scope;
  std::string_view field;    // canonical field the finding is about, "" for whole-record rules
  std::string_view message;  // what is wrong and what to fix; never holds a value
};

// The reporting context a record is checked in. `today` is the extract date (injected so
// runs are reproducible); `cut` the end of the reporting period.
struct RuleContext {
  core::Date today;
  core::Date cut;
  config::SourceRole role = config::SourceRole::At;
  // The national code lists (config.code_lists); null = the built-in ones.
  const core::CodeLists* lists = nullptr;
  // MPSL sites, live commissioners and postcode centroids (config `reference:`); null = none,
  // and the ODS rules check code shapes only.
  const core::ReferenceData* reference = nullptr;
};

// The AT spec version a record is checked under: its own spec_version, else the one in force
// at the cut (v4 from 2 April 2024, at-spec §1.4).
[[nodiscard]] std::string spec_version_of(const core::Record& record, const core::Date& cut);

[[nodiscard]] std::span<const RuleInfo> all_rules();
[[nodiscard]] const RuleInfo& rule(std::string_view id);

// Stage 1, per source row: checks the values a row has (check digits, code lists, dates not
// in the future, postcodes) but not what it lacks, because one source rarely holds every AT
// field: the register has no ward security, the LA no site. Rows need a valid NHS number
// (census and AT alike) so that they can be merged and linked.
void validate_record(core::Record& record, const RuleContext& ctx);

// Stage 2, per merged AT patient: mandatory fields present and cross-field order (birth
// before admission before discharge) on the values that go into the return. Findings made
// by the mapper on a field suppress its "missing" rule, so one problem is reported once.
void validate_patient(core::Record& merged, const RuleContext& ctx);

// Stage 2b, per merged AT patient, against reference data: MPSL membership of provider and
// site, live commissioner codes, home postcode equal to the site's (reference_rules.cpp).
void check_reference(core::Record& merged, const RuleContext& ctx);

// Stage 3, per person: every episode of one NHS number (merged, in admission order), for
// rules that compare episodes: two open episodes, readmission without an earlier discharge,
// extended S17 leave without the closed record before it, an episode after death.
void validate_person(std::span<core::Record* const> episodes, const RuleContext& ctx);

// AT-R001: a local id seen twice within one source is an error on every later occurrence.
void check_duplicate_ids(std::span<core::Record> records);

}  // namespace atpipe::transforms
