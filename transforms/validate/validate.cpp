#include <array>
#include <unordered_map>

#include "config/code_lists_loader.hpp"
#include "core/nhs_number.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"
#include "core/text.hpp"
#include "transforms/validate/record_checker.hpp"
#include "transforms/validate/rule_helpers.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;
using rule_detail::add;
using rule_detail::date_of;

void check_nhs_number(Record& rec) {
  auto check = core::check_nhs_number(rec.get(Field::NhsNumber));
  switch (check.status) {
    case core::NhsNumberStatus::Missing:
      add(rec, "AT-R010", Field::NhsNumber);
      return;
    case core::NhsNumberStatus::WrongLength:
      add(rec, "AT-R011", Field::NhsNumber);
      return;
    case core::NhsNumberStatus::CheckDigitIsTen:
      add(rec, "AT-R012", Field::NhsNumber);
      return;
    case core::NhsNumberStatus::CheckDigitMismatch:
      add(rec, "AT-R013", Field::NhsNumber);
      return;
    case core::NhsNumberStatus::Valid:
      if (check.placeholder || check.test_range) {
        add(rec, "AT-R014", Field::NhsNumber);
      }
      return;
  }
}

// The rule a code outside its national list (at-spec §2.1, §5) is reported under: the item's
// own rule in at-spec 6.1 where it has one; otherwise atpipe's ATP-V001 (mandatory and
// conditional items: error) or ATP-V002 (optional items: a warning, the record is kept — the
// CAP convention that out-of-range values warn, at-spec §1.2).
struct CodeRule {
  Field field;
  std::string_view rule;
};

constexpr std::array kCodeRules = {
    CodeRule{Field::SpecVersion, "AT-R002"},
    CodeRule{Field::GenderV3, "AT-R040"},
    CodeRule{Field::GenderIdentity, "AT-R041"},
    CodeRule{Field::SexAtBirth, "AT-R042"},
    CodeRule{Field::EthnicCategory, "AT-R043"},
    CodeRule{Field::CommissioningArrangement, "ATP-V001"},
    CodeRule{Field::LdaCategory, "AT-R060"},
    CodeRule{Field::DiagnosisOnAdmission, "ATP-V002"},
    CodeRule{Field::DiagnosisSinceAdmission, "ATP-V001"},
    CodeRule{Field::AdmissionSource, "AT-R074"},
    CodeRule{Field::AdmissionType, "AT-R075"},
    CodeRule{Field::AdmissionPlanned, "AT-R076"},
    CodeRule{Field::AdmissionReason, "AT-R077"},
    CodeRule{Field::MhaLegalStatus, "AT-R080"},
    CodeRule{Field::WardType, "AT-R090"},
    CodeRule{Field::BedType, "AT-R090"},
    CodeRule{Field::WardSecurity, "AT-R091"},
    CodeRule{Field::CetrPreAdmissionOutcome, "ATP-V001"},
    CodeRule{Field::CetrPostAdmissionOutcome, "ATP-V001"},
    CodeRule{Field::LastCetrType, "ATP-V002"},
    CodeRule{Field::LastCetrOutcome, "ATP-V002"},
    CodeRule{Field::AdvocacyType, "AT-R120"},
    CodeRule{Field::FamilyInvolved, "ATP-V002"},
    CodeRule{Field::OutOfAreaReasons, "ATP-V002"},
    CodeRule{Field::CarePlanStatus, "ATP-V001"},
    CodeRule{Field::PlannedTransferTo, "ATP-V002"},
    CodeRule{Field::DischargePlanAgreement, "ATP-V002"},
    CodeRule{Field::DelayReason, "ATP-V001"},
    CodeRule{Field::DischargeDestination, "ATP-V001"},
};

// "<item> has a code that is not in the national list '<list>'": names the item and the list,
// never the value (the reject log's row points at it).
std::string not_in_list(const core::FieldInfo& info, std::string_view rule) {
  if (rule.substr(0, 4) != "ATP-") {
    return {};  // the spec rule's own message
  }
  return std::string(info.name) + " has a code that is not in the national list '" +
         std::string(info.code_list) + "'" +
         (rule == "ATP-V002" ? " (optional item: flagged, record kept)" : "");
}

void check_codes(Record& rec, RecordChecker& checker) {
  for (const auto& c : kCodeRules) {
    if (!rec.has(c.field)) {
      continue;
    }
    const auto& info = core::field_info(c.field);
    const auto& value = rec.get(c.field);
    if (info.kind != core::FieldKind::CodeSet) {
      if (!checker.in_list(info.code_list, value)) {
        add(rec, c.rule, c.field, not_in_list(info, c.rule));
      }
      continue;
    }
    for (const auto& code : core::split_items(value)) {
      if (!checker.in_list(info.code_list, code)) {
        add(rec, c.rule, c.field, not_in_list(info, c.rule));
        break;
      }
    }
  }
  // Q48a-c: three delay reasons at most.
  if (core::split_items(rec.get(Field::DelayReason)).size() > 3) {
    add(rec, "ATP-V004", Field::DelayReason);
  }
  // Flags are read by the mapper (ATP-M004); rows that skip it (validate-return) are held to
  // the same Y / N / NK here.
  for (const auto& info : core::all_fields()) {
    if (info.kind == core::FieldKind::Flag && rec.has(info.id) &&
        !checker.in_list(info.code_list, rec.get(info.id))) {
      add(rec, "ATP-M004", info.id, std::string(info.name) + " is not Y, N or NK");
    }
  }
  // Each C(E)TR held: "date|TYPE|outcome", type and outcome may be blank (mapper).
  for (const auto& entry : core::split_items(rec.get(Field::CetrHistory))) {
    auto first = entry.find('|');
    auto second = first == std::string::npos ? first : entry.find('|', first + 1);
    auto type =
        first == std::string::npos ? std::string() : entry.substr(first + 1, second - first - 1);
    auto outcome = second == std::string::npos ? std::string() : entry.substr(second + 1);
    if ((!type.empty() && !checker.in_list("cetr_type", type)) ||
        (!outcome.empty() && !checker.in_list("cetr_outcome", outcome))) {
      add(rec, "ATP-V002", Field::CetrHistory,
          "a C(E)TR history entry's type or outcome is not in the national lists 'cetr_type' / "
          "'cetr_outcome' (optional item: flagged, record kept)");
      break;
    }
  }
}

void check_shapes(Record& rec) {
  for (auto f : {Field::CommissionerCode, Field::OriginatingCommissionerCode}) {
    if (rec.has(f) && !core::ods_shape_ok(rec.get(f), core::OdsKind::Commissioner)) {
      add(rec, "AT-R051", f);
    }
  }
  if (rec.has(Field::ProviderCode) &&
      !core::ods_shape_ok(rec.get(Field::ProviderCode), core::OdsKind::Provider)) {
    add(rec, "AT-R052", Field::ProviderCode);
  }
  if (rec.has(Field::ProviderSiteCode) &&
      !core::ods_shape_ok(rec.get(Field::ProviderSiteCode), core::OdsKind::ProviderSite)) {
    add(rec, "AT-R053", Field::ProviderSiteCode);
  }
}

// Value rules: each fires only when the field has a value that is wrong.
void check_values(Record& rec, RecordChecker& checker) {
  const auto& ctx = checker.context();
  auto dob = date_of(rec, Field::DateOfBirth);
  if (dob && *dob > ctx.today) {
    add(rec, "AT-R023", Field::DateOfBirth);
  }
  for (auto f :
       {Field::PostcodeHome, Field::AdmissionSourcePostcode, Field::PlannedTransferPostcode}) {
    if (core::normalise_postcode(rec.get(f)).status == core::PostcodeStatus::Invalid) {
      add(rec, "AT-R031", f);
    }
  }
  auto admitted = date_of(rec, Field::AdmissionDate);
  if (admitted && *admitted > ctx.today) {
    add(rec, "AT-R071", Field::AdmissionDate);
  }
  if (ctx.role != config::SourceRole::At) {
    return;
  }
  check_codes(rec, checker);
  check_shapes(rec);
  auto discharged = date_of(rec, Field::DischargeDate);
  if (discharged && *discharged > ctx.today) {
    add(rec, "AT-R141", Field::DischargeDate);
  }
}

}  // namespace

std::string spec_version_of(const Record& record, const core::Date& cut) {
  if (record.has(Field::SpecVersion)) {
    return std::string(record.get(Field::SpecVersion));
  }
  static const core::Date kV4{date::year{2024}, date::April, date::day{2}};
  return cut >= kV4 ? "4" : "3";
}

void validate_record(Record& record, const RuleContext& ctx) {
  RecordChecker(ctx).check(record);
}

RecordChecker::RecordChecker(const RuleContext& ctx)
    : ctx_(ctx), lists_(ctx.lists != nullptr ? *ctx.lists : config::default_code_lists()) {}

bool RecordChecker::in_list(std::string_view list, std::string_view value) {
  // A list the config lacks for that version counts as "not in the list": a gap is seen.
  key_.assign(version_).push_back('\0');
  key_.append(list).push_back('\0');
  key_.append(value);
  if (auto it = known_.find(key_); it != known_.end()) {
    return it->second;
  }
  const bool in = lists_.contains(list, version_, value).value_or(false);
  // Codes outside the lists can be anything: the memory stays small however bad the extract.
  constexpr std::size_t kMostRemembered = 4096;
  if (known_.size() < kMostRemembered) {
    known_.emplace(key_, in);
  }
  return in;
}

void RecordChecker::check(Record& record) {
  // A malformed row (ATP-M003) carries only its local id; checking the rest would only
  // repeat that it is broken.
  for (const auto& f : record.findings) {
    if (f.rule == "ATP-M003") {
      return;
    }
  }
  // The lists of the record's spec version (rule_detail::in_list); validation sets no value,
  // so the version holds for the whole record.
  version_ = spec_version_of(record, ctx_.cut);
  if (!lists_.has("spec_version", version_)) {
    version_ = spec_version_of(Record{}, ctx_.cut);
  }
  if (ctx_.role == config::SourceRole::At && !record.has(Field::LocalId)) {
    add(record, "AT-R001", Field::LocalId);
  }
  std::size_t before = record.findings.size();
  check_nhs_number(record);
  if (ctx_.role == config::SourceRole::Census) {
    // A census row is never returned: without a usable NHS number it still takes part in
    // linkage, and its problem becomes a query, so the finding is only a warning there.
    for (std::size_t i = before; i < record.findings.size(); ++i) {
      record.findings[i].severity = core::Severity::Warning;
    }
  }
  check_values(record, *this);
}

void check_duplicate_ids(std::span<Record> records) {
  // The ids are read in place: no value of a record changes here (only its findings).
  std::unordered_map<std::string_view, std::size_t> first_row;
  first_row.reserve(records.size());
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
