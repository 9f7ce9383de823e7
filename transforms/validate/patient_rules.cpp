// Stage 2 (validate_patient): one merged AT episode, with every value it will be returned
// with. Rule ids and wording: at-spec §6.1; where the spec is silent the choice is written
// next to the rule.
#include <array>

#include "transforms/validate/rule_helpers.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Date;
using core::Field;
using core::Record;
using rule_detail::add;
using rule_detail::date_of;
using rule_detail::field_in;

const Date kV4Start{date::year{2024}, date::April, date::day{2}};                // at-spec §1.4
const Date kLeaveExcludedFrom{date::year{2024}, date::November, date::day{30}};  // §1.4, S5
const Date kEarliestAdmission{date::year{1970}, date::January, date::day{1}};

struct Mandatory {
  Field field;
  std::string_view rule;
  std::string_view message;  // "" = the rule's own
};

// Mandatory items (M in at-spec §6). Those with no "missing" rule of their own in at-spec 6.1
// are reported under atpipe's ATP-V003, with the item named.
constexpr std::array kMandatory = {
    Mandatory{Field::LocalId, "AT-R001", ""},
    Mandatory{Field::SpecVersion, "AT-R002", "spec version missing"},
    Mandatory{Field::DateOfBirth, "AT-R020", ""},
    Mandatory{Field::PostcodeHome, "AT-R030", ""},
    Mandatory{Field::EthnicCategory, "AT-R043", ""},
    Mandatory{Field::CommissionerCode, "AT-R050", ""},
    Mandatory{Field::OriginatingCommissionerCode, "ATP-V003",
              "originating commissioner code missing (the home sub-ICB or ICB)"},
    Mandatory{Field::CommissioningArrangement, "ATP-V003",
              "commissioning arrangement missing (CCG, SC or PC)"},
    Mandatory{Field::ProviderCode, "AT-R052", ""},
    Mandatory{Field::ProviderSiteCode, "AT-R053", ""},
    Mandatory{Field::LdaCategory, "AT-R060", ""},
    Mandatory{Field::AdmissionDate, "AT-R070", ""},
    Mandatory{Field::AdmissionSource, "AT-R074", ""},
    Mandatory{Field::AdmissionType, "AT-R075", ""},
    Mandatory{Field::AdmissionPlanned, "AT-R076", ""},
    Mandatory{Field::AdmissionReason, "AT-R077", ""},
    Mandatory{Field::DsrBeforeAdmission, "AT-R078", ""},
    Mandatory{Field::MhaLegalStatus, "AT-R080", ""},
    Mandatory{Field::WardSecurity, "AT-R091", ""},
    Mandatory{Field::AdvocacyType, "AT-R120", ""},
    Mandatory{Field::CarePlanStatus, "ATP-V003", "care plan status (Q42a) missing"},
    Mandatory{Field::LastUpdated, "ATP-V003",
              "last updated date missing, so the record's age cannot be checked (AT-R160)"},
};

// Missing only counts when no error was already raised on the field (a value the mapper
// could not read), so one problem is reported once. A warning such as AT-R003 ("Null",
// treated as missing) does not excuse a mandatory item.
void require(Record& rec, Field f, std::string_view id, std::string_view message = {}) {
  if (!rec.has(f) && !rule_detail::has_error_on(rec, f)) {
    add(rec, id, f, std::string(message));
  }
}

void check_present(Record& rec, const RuleContext& ctx) {
  for (const auto& m : kMandatory) {
    require(rec, m.field, m.rule, m.message);
  }
  // Conditional on the version: v3 has Gender and WardType, v4 gender identity and BedType.
  if (spec_version_of(rec, ctx.cut) == "3") {
    require(rec, Field::GenderV3, "AT-R040");
    require(rec, Field::WardType, "AT-R090", "v3 record: ward type missing");
  } else {
    require(rec, Field::GenderIdentity, "AT-R041");
    require(rec, Field::BedType, "AT-R090", "v4 record: bed type missing");
  }
  bool in_hospital = rule_detail::inpatient(rec, ctx);
  if (in_hospital) {
    require(rec, Field::DelayedDischarge, "AT-R132");
  }
  if (auto age = rule_detail::age_at_cut(rec, ctx); age && *age < 25) {
    require(rec, Field::EhcPlan, "AT-R121");
  }
}

// Birth, admission, discharge and the version they imply.
void check_dates(Record& rec, const RuleContext& ctx) {
  auto dob = date_of(rec, Field::DateOfBirth);
  auto admitted = date_of(rec, Field::AdmissionDate);
  auto discharged = date_of(rec, Field::DischargeDate);
  if (dob && admitted) {
    if (*dob > *admitted) {
      // One fact, two rules: blame the date that looks wrong. A birth date giving a plausible
      // age at the cut (5-100) points at a mistyped admission date (AT-R072), else at the
      // birth date (AT-R021).
      int age = core::age_on(*dob, ctx.cut);
      bool admission_suspect = *admitted < kEarliestAdmission || (age >= 5 && age <= 100);
      add(rec, admission_suspect ? "AT-R072" : "AT-R021",
          admission_suspect ? Field::AdmissionDate : Field::DateOfBirth);
    } else if (int age = core::age_on(*dob, *admitted); age > 100 || age < 5) {
      add(rec, "AT-R022", Field::DateOfBirth);
    }
  }
  if (admitted && *admitted < kEarliestAdmission) {
    add(rec, "AT-R073", Field::AdmissionDate);
  }
  if (discharged && admitted) {
    if (*discharged < *admitted) {
      add(rec, "AT-R140", Field::DischargeDate);
    } else if (*discharged == *admitted) {
      add(rec, "AT-R142", Field::DischargeDate);
    }
  }
  if (discharged && !rec.has(Field::DischargeDestination)) {
    add(rec, "AT-R143", Field::DischargeDestination);
  }
  if (rec.has(Field::DischargeDestination) && !rec.has(Field::DischargeDate) &&
      !rule_detail::has_error_on(rec, Field::DischargeDate)) {
    add(rec, "AT-R144", Field::DischargeDate);
  }
  auto updated = date_of(rec, Field::LastUpdated);
  if (spec_version_of(rec, ctx.cut) == "3" &&
      ((admitted && *admitted >= kV4Start) || (updated && *updated >= kV4Start))) {
    add(rec, "AT-R002", Field::SpecVersion,
        "v3 record admitted or updated on or after 2024-04-02: it must be sent as v4");
  }
  // "Open" = still an inpatient at the cut (at-spec §3.3).
  if (updated && rule_detail::inpatient(rec, ctx) &&
      *updated < rule_detail::months_before(ctx.cut, 6)) {
    add(rec, "AT-R160", Field::LastUpdated);
  }
}

void check_organisation(Record& rec, const RuleContext& ctx) {
  const auto& provider = rec.get(Field::ProviderCode);
  const auto& site = rec.get(Field::ProviderSiteCode);
  if (provider.size() == 3 && provider[0] == 'R' && site.size() == 5 &&
      site.compare(0, 3, provider) != 0) {
    add(rec, "AT-R054", Field::ProviderSiteCode);
  }
  // v3 records have no bed type: an under-18 at the cut stands in for a CAMHS bed.
  bool camhs = rec.has(Field::BedType) ? field_in(rec, ctx, Field::BedType, "bed_type_camhs")
                                       : rule_detail::age_at_cut(rec, ctx).value_or(18) < 18;
  bool general_or_picu = field_in(rec, ctx, Field::WardSecurity, "ward_security") &&
                         !field_in(rec, ctx, Field::WardSecurity, "secure_ward_security");
  if (field_in(rec, ctx, Field::CommissioningArrangement, "arrangement_specialised") &&
      general_or_picu && !camhs) {
    add(rec, "AT-R092", Field::CommissioningArrangement);
  }
  // Security against bed type (v4, or a v3 record that has a bed type). Security 0 has no
  // list of its own: any bed that needs a secure ward or a PICU disagrees with it.
  const std::string_view security = rec.get(Field::WardSecurity);
  if (rec.has(Field::BedType) && field_in(rec, ctx, Field::WardSecurity, "ward_security")) {
    auto fits = "bed_type_for_security_" + std::string(security);
    bool mismatch = rule_detail::list_exists(ctx, rec, fits)
                        ? !field_in(rec, ctx, Field::BedType, fits)
                        : field_in(rec, ctx, Field::BedType, "bed_type_not_for_security_0");
    if (mismatch) {
      add(rec, "AT-R093", Field::BedType);
    }
  }
}

// Diagnosis, legal status and leave.
void check_clinical(Record& rec, const RuleContext& ctx) {
  bool needs_ld = field_in(rec, ctx, Field::DiagnosisSinceAdmission, "diagnosis_needs_ld_date");
  bool needs_autism =
      field_in(rec, ctx, Field::DiagnosisSinceAdmission, "diagnosis_needs_autism_date");
  // "Given" = a diagnosis was made (LD, AUT, BOTH); NONE and NK need no admission date.
  if ((needs_ld || needs_autism) && !rec.has(Field::AdmissionDate)) {
    add(rec, "AT-R061", Field::DiagnosisSinceAdmission);
  }
  auto dob = date_of(rec, Field::DateOfBirth);
  for (auto [needed, f] : {std::pair{needs_ld, Field::LdDiagnosisDate},
                           std::pair{needs_autism, Field::AutismDiagnosisDate}}) {
    auto when = date_of(rec, f);
    if (needed && (!when || (dob && *when < *dob) || *when > ctx.cut)) {
      add(rec, "AT-R063", f);
    }
  }
  if (field_in(rec, ctx, Field::LdaCategory, "lda_category_none") &&
      !field_in(rec, ctx, Field::DischargeDestination, "closure_out_of_scope")) {
    add(rec, "AT-R062", Field::LdaCategory);
  }
  bool in_hospital = rule_detail::inpatient(rec, ctx);
  if (in_hospital && field_in(rec, ctx, Field::MhaLegalStatus, "mha_not_applicable")) {
    add(rec, "AT-R081", Field::MhaLegalStatus);
  }
  if (rec.get(Field::S17ExtendedLeave) == "Y") {
    if (field_in(rec, ctx, Field::MhaLegalStatus, "mha_not_detained")) {
      add(rec, "AT-R082", Field::S17ExtendedLeave);
    }
    if (in_hospital && ctx.cut >= kLeaveExcludedFrom) {
      add(rec, "AT-R083", Field::S17ExtendedLeave);
    }
  }
}

}  // namespace

void validate_patient(Record& merged, const RuleContext& ctx) {
  check_present(merged, ctx);
  check_dates(merged, ctx);
  check_organisation(merged, ctx);
  check_clinical(merged, ctx);
  rule_detail::check_cetr(merged, ctx);
  rule_detail::check_discharge_planning(merged, ctx);
}

}  // namespace atpipe::transforms
