#include <algorithm>
#include <array>
#include <unordered_map>

#include "config/code_lists_loader.hpp"
#include "core/nhs_number.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;

void add(Record& rec, std::string_view id) {
  const auto& r = rule(id);
  rec.findings.push_back(
      {std::string(r.id), r.severity, std::string(r.field), std::string(r.message), {}});
}

std::optional<core::Date> date_of(const Record& rec, Field f) {
  return rec.has(f) ? core::parse_iso(rec.get(f)) : std::nullopt;
}

// True when `value` is in the national list for the record's spec version. A list the
// config lacks for that version counts as "not in the list", so a gap is seen, not hidden.
bool in_code_list(const Record& rec, const RuleContext& ctx, std::string_view list,
                  const std::string& value) {
  const auto& lists = ctx.lists != nullptr ? *ctx.lists : config::default_code_lists();
  return lists.contains(list, spec_version_of(rec, ctx.cut), value).value_or(false);
}

void check_nhs_number(Record& rec) {
  auto check = core::check_nhs_number(rec.get(Field::NhsNumber));
  switch (check.status) {
    case core::NhsNumberStatus::Missing:
      add(rec, "AT-R010");
      return;
    case core::NhsNumberStatus::WrongLength:
      add(rec, "AT-R011");
      return;
    case core::NhsNumberStatus::CheckDigitIsTen:
      add(rec, "AT-R012");
      return;
    case core::NhsNumberStatus::CheckDigitMismatch:
      add(rec, "AT-R013");
      return;
    case core::NhsNumberStatus::Valid:
      if (check.placeholder || check.test_range) {
        add(rec, "AT-R014");
      }
      return;
  }
}

// Value rules: each fires only when the field has a value that is wrong.
void check_values(Record& rec, const RuleContext& ctx) {
  bool at = ctx.role == config::SourceRole::At;
  auto dob = date_of(rec, Field::DateOfBirth);
  if (dob && *dob > ctx.today) {
    add(rec, "AT-R023");
  }
  if (core::normalise_postcode(rec.get(Field::PostcodeHome)).status ==
      core::PostcodeStatus::Invalid) {
    add(rec, "AT-R031");
  }
  auto admitted = date_of(rec, Field::AdmissionDate);
  if (admitted && *admitted > ctx.today) {
    add(rec, "AT-R071");
  }
  if (!at) {
    return;
  }
  if (rec.has(Field::GenderIdentity) &&
      !in_code_list(rec, ctx, "gender_identity", rec.get(Field::GenderIdentity))) {
    add(rec, "AT-R041");
  }
  if (rec.has(Field::EthnicCategory) &&
      !in_code_list(rec, ctx, "ethnic_category", rec.get(Field::EthnicCategory))) {
    add(rec, "AT-R043");
  }
  const auto& commissioner = rec.get(Field::CommissionerCode);
  if (!commissioner.empty() && !core::ods_shape_ok(commissioner, core::OdsKind::Commissioner)) {
    add(rec, "AT-R051");
  }
  const auto& provider = rec.get(Field::ProviderCode);
  if (!provider.empty() && !core::ods_shape_ok(provider, core::OdsKind::Provider)) {
    add(rec, "AT-R052");
  }
  const auto& site = rec.get(Field::ProviderSiteCode);
  if (!site.empty() && !core::ods_shape_ok(site, core::OdsKind::ProviderSite)) {
    add(rec, "AT-R053");
  }
  if (rec.has(Field::LdaCategory) &&
      !in_code_list(rec, ctx, "lda_category", rec.get(Field::LdaCategory))) {
    add(rec, "AT-R060");
  }
  if (rec.has(Field::MhaLegalStatus) &&
      !in_code_list(rec, ctx, "mha_legal_status", rec.get(Field::MhaLegalStatus))) {
    add(rec, "AT-R080");
  }
  if (rec.has(Field::WardSecurity) &&
      !in_code_list(rec, ctx, "ward_security", rec.get(Field::WardSecurity))) {
    add(rec, "AT-R091");
  }
  auto discharged = date_of(rec, Field::DischargeDate);
  if (discharged && *discharged > ctx.today) {
    add(rec, "AT-R141");
  }
}

bool has_finding_on(const Record& rec, std::string_view field) {
  return std::any_of(rec.findings.begin(), rec.findings.end(),
                     [&](const core::Finding& f) { return f.field == field; });
}

// Mandatory fields of the return (at-spec §6, M): missing only counts when nothing else was
// already said about the field.
void check_present(Record& rec) {
  struct Mandatory {
    Field field;
    std::string_view rule;
  };
  static constexpr std::array<Mandatory, 12> kMandatory = {{
      {Field::LocalId, "AT-R001"},
      {Field::DateOfBirth, "AT-R020"},
      {Field::PostcodeHome, "AT-R030"},
      {Field::GenderIdentity, "AT-R041"},
      {Field::EthnicCategory, "AT-R043"},
      {Field::CommissionerCode, "AT-R050"},
      {Field::ProviderCode, "AT-R052"},
      {Field::ProviderSiteCode, "AT-R053"},
      {Field::LdaCategory, "AT-R060"},
      {Field::AdmissionDate, "AT-R070"},
      {Field::MhaLegalStatus, "AT-R080"},
      {Field::WardSecurity, "AT-R091"},
  }};
  for (const auto& m : kMandatory) {
    if (!rec.has(m.field) && !has_finding_on(rec, core::field_info(m.field).name)) {
      add(rec, m.rule);
    }
  }
}

void check_order(Record& rec) {
  auto dob = date_of(rec, Field::DateOfBirth);
  auto admitted = date_of(rec, Field::AdmissionDate);
  auto discharged = date_of(rec, Field::DischargeDate);
  if (dob && admitted) {
    if (*dob > *admitted) {
      add(rec, "AT-R021");
    } else if (int age = core::age_on(*dob, *admitted); age > 100 || age < 5) {
      add(rec, "AT-R022");
    }
  }
  static const core::Date kEpoch{date::year{1970}, date::January, date::day{1}};
  if (admitted && *admitted < kEpoch) {
    add(rec, "AT-R073");
  }
  if (discharged && admitted) {
    if (*discharged < *admitted) {
      add(rec, "AT-R140");
    } else if (*discharged == *admitted) {
      add(rec, "AT-R142");
    }
  }
  const auto& provider = rec.get(Field::ProviderCode);
  const auto& site = rec.get(Field::ProviderSiteCode);
  if (provider.size() == 3 && provider[0] == 'R' && site.size() == 5 &&
      site.compare(0, 3, provider) != 0) {
    add(rec, "AT-R054");
  }
  if (rec.get(Field::MhaLegalStatus) == "98" && !rec.has(Field::DischargeDate)) {
    add(rec, "AT-R081");
  }
}

}  // namespace

std::string spec_version_of(const Record& record, const core::Date& cut) {
  if (record.has(Field::SpecVersion)) {
    return record.get(Field::SpecVersion);
  }
  static const core::Date kV4{date::year{2024}, date::April, date::day{2}};
  return cut >= kV4 ? "4" : "3";
}

void validate_record(Record& record, const RuleContext& ctx) {
  // A malformed row (ATP-M003) carries only its local id; checking the rest would only
  // repeat that it is broken.
  for (const auto& f : record.findings) {
    if (f.rule == "ATP-M003") {
      return;
    }
  }
  if (ctx.role == config::SourceRole::At && !record.has(Field::LocalId)) {
    add(record, "AT-R001");
  }
  std::size_t before = record.findings.size();
  check_nhs_number(record);
  if (ctx.role == config::SourceRole::Census) {
    // A census row is never returned: without a usable NHS number it still takes part in
    // linkage, and its problem becomes a query, so the finding is only a warning there.
    for (std::size_t i = before; i < record.findings.size(); ++i) {
      record.findings[i].severity = core::Severity::Warning;
    }
  }
  check_values(record, ctx);
}

void validate_patient(Record& merged, const RuleContext& /*ctx*/) {
  check_present(merged);
  check_order(merged);
}

void check_duplicate_ids(std::span<Record> records) {
  std::unordered_map<std::string, std::size_t> first_row;
  for (auto& rec : records) {
    const auto& id = rec.get(Field::LocalId);
    if (id.empty()) {
      continue;
    }
    auto [it, inserted] = first_row.emplace(id, rec.where.row);
    if (!inserted) {
      rec.findings.push_back({"AT-R001",
                              core::Severity::Error,
                              "local_id",
                              "record id duplicated in the extract (first seen at row " +
                                  std::to_string(it->second) + ")",
                              {}});
    }
  }
}

}  // namespace atpipe::transforms
