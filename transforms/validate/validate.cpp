#include <array>
#include <unordered_map>

#include "core/nhs_number.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"
#include "transforms/validate/rule_helpers.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;
using rule_detail::add;
using rule_detail::date_of;
using rule_detail::in_list;

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

// The rule a code outside its national list (at-spec §2.1, §5) is reported under. Items that
// have no rule of their own in at-spec §6.1 borrow the closest one and say so in `message`;
// `warn` marks an optional item, which is flagged but never rejects the record (the CAP
// convention: out-of-range values warn, at-spec §1.2).
struct CodeRule {
  Field field;
  std::string_view rule;
  std::string_view message;  // "" = the rule's own
  bool warn = false;
};

constexpr std::array kCodeRules = {
    CodeRule{Field::SpecVersion, "AT-R002", "spec version is not 3 or 4"},
    CodeRule{Field::GenderV3, "AT-R040", ""},
    CodeRule{Field::GenderIdentity, "AT-R041", ""},
    CodeRule{Field::SexAtBirth, "AT-R042", ""},
    CodeRule{Field::EthnicCategory, "AT-R043", ""},
    CodeRule{Field::CommissioningArrangement, "AT-R050",
             "commissioning arrangement is not CCG, SC or PC (no rule of its own: reported with "
             "the commissioner, AT-R050)"},
    CodeRule{Field::LdaCategory, "AT-R060", ""},
    CodeRule{Field::DiagnosisOnAdmission, "AT-R061",
             "diagnosis on admission is not in the list (optional item with no rule of its own: "
             "warned with the diagnosis rules, AT-R061)"},
    CodeRule{Field::DiagnosisSinceAdmission, "AT-R061",
             "diagnosis since admission is not LD, AUT, BOTH, NONE or NK"},
    CodeRule{Field::AdmissionSource, "AT-R074", ""},
    CodeRule{Field::AdmissionType, "AT-R075", ""},
    CodeRule{Field::AdmissionPlanned, "AT-R076", ""},
    CodeRule{Field::AdmissionReason, "AT-R077", ""},
    CodeRule{Field::MhaLegalStatus, "AT-R080", ""},
    CodeRule{Field::WardType, "AT-R090", ""},
    CodeRule{Field::BedType, "AT-R090", ""},
    CodeRule{Field::WardSecurity, "AT-R091", ""},
    CodeRule{Field::CetrPreAdmissionOutcome, "AT-R102",
             "pre-admission C(E)TR outcome is not in the list"},
    CodeRule{Field::CetrPostAdmissionOutcome, "AT-R105",
             "post-admission C(E)TR outcome is not in the list"},
    CodeRule{Field::LastCetrType, "AT-R106",
             "last C(E)TR type is not in the list (optional item: warned with the C(E)TR rule "
             "AT-R106)"},
    CodeRule{Field::LastCetrOutcome, "AT-R106",
             "last C(E)TR outcome is not in the list (optional item: warned with the C(E)TR rule "
             "AT-R106)"},
    CodeRule{Field::AdvocacyType, "AT-R120", ""},
    CodeRule{Field::FamilyInvolved, "AT-R120",
             "family involved is not in the list (optional item sharing the advocacy codes: "
             "warned under AT-R120)",
             true},
    CodeRule{Field::OutOfAreaReasons, "AT-R030",
             "out-of-area reason is not in the list (optional item: warned with the home "
             "location rule AT-R030)"},
    CodeRule{Field::CarePlanStatus, "AT-R134",
             "care plan status (Q42a) is not in the list (no rule of its own: reported under "
             "the care plan rule AT-R134)"},
    CodeRule{Field::PlannedTransferTo, "AT-R131",
             "planned transfer to (Q44) is not in the list (optional item: warned with the "
             "discharge planning rule AT-R131)"},
    CodeRule{Field::DischargePlanAgreement, "AT-R131",
             "discharge plan agreement is not in the list (optional item: warned with the "
             "discharge planning rule AT-R131)"},
    CodeRule{Field::DelayReason, "AT-R133", "a delay reason is not in the list"},
    CodeRule{Field::DischargeDestination, "AT-R143", "record closed reason is not in the list"},
};

void check_codes(Record& rec, const RuleContext& ctx) {
  for (const auto& c : kCodeRules) {
    if (!rec.has(c.field)) {
      continue;
    }
    const auto& info = core::field_info(c.field);
    auto codes = info.kind == core::FieldKind::CodeSet ? rule_detail::split(rec.get(c.field), ';')
                                                       : std::vector{rec.get(c.field)};
    for (const auto& code : codes) {
      if (!in_list(rec, ctx, info.code_list, code)) {
        add(rec, c.rule, c.field, std::string(c.message),
            c.warn ? std::optional(core::Severity::Warning) : std::nullopt);
        break;
      }
    }
  }
  // Q48a-c: three delay reasons at most.
  if (rule_detail::split(rec.get(Field::DelayReason), ';').size() > 3) {
    add(rec, "AT-R133", Field::DelayReason, "more than three delay reasons (Q48a-c hold three)");
  }
  // Flags are read by the mapper (ATP-M004); rows that skip it (validate-return) are held to
  // the same Y / N / NK here.
  for (const auto& info : core::all_fields()) {
    if (info.kind == core::FieldKind::Flag && rec.has(info.id) &&
        !in_list(rec, ctx, info.code_list, rec.get(info.id))) {
      add(rec, "ATP-M004", info.id, std::string(info.name) + " is not Y, N or NK");
    }
  }
  // Each C(E)TR held: "date|TYPE|outcome", type and outcome may be blank (mapper).
  for (const auto& entry : rule_detail::split(rec.get(Field::CetrHistory), ';')) {
    auto first = entry.find('|');
    auto second = first == std::string::npos ? first : entry.find('|', first + 1);
    auto type =
        first == std::string::npos ? std::string() : entry.substr(first + 1, second - first - 1);
    auto outcome = second == std::string::npos ? std::string() : entry.substr(second + 1);
    if ((!type.empty() && !in_list(rec, ctx, "cetr_type", type)) ||
        (!outcome.empty() && !in_list(rec, ctx, "cetr_outcome", outcome))) {
      add(rec, "AT-R106", Field::CetrHistory,
          "a C(E)TR history entry's type or outcome is not in the list (optional item: warned "
          "with the C(E)TR rule AT-R106)");
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
void check_values(Record& rec, const RuleContext& ctx) {
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
  check_codes(rec, ctx);
  check_shapes(rec);
  auto discharged = date_of(rec, Field::DischargeDate);
  if (discharged && *discharged > ctx.today) {
    add(rec, "AT-R141", Field::DischargeDate);
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
    add(record, "AT-R001", Field::LocalId);
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
