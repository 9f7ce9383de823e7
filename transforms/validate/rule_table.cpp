#include <array>
#include <cstdlib>

#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Severity;
constexpr auto E = Severity::Error;
constexpr auto W = Severity::Warning;
constexpr auto At = RuleScope::AtOnly;
constexpr auto Both = RuleScope::AtAndCensus;

constexpr std::array kRules = {
    RuleInfo{"ATP-M001", E, Both, "", "value is not a real date in the configured format(s)"},
    RuleInfo{"ATP-M002", E, Both, "", "source code is not in the configured code map"},
    RuleInfo{"ATP-M003", E, Both, "", "row is malformed (field count differs from the header)"},
    RuleInfo{"ATP-R001", E, At, "", "validate-return: a column that is not in the AT return"},
    RuleInfo{"ATP-R002", E, At, "", "validate-return: an AT return column is missing"},
    RuleInfo{"AT-R001", E, At, "local_id", "record id missing or duplicated in the extract"},
    RuleInfo{"AT-R003", W, Both, "", "date holds 02/01/1900, Null or empty; treated as missing"},
    RuleInfo{"AT-R010", E, Both, "nhs_number", "NHS number missing"},
    RuleInfo{"AT-R011", E, Both, "nhs_number",
             "NHS number is not 10 digits after removing spaces and hyphens"},
    RuleInfo{"AT-R012", E, Both, "nhs_number",
             "NHS number check digit computes to 10, so the number was never issued"},
    RuleInfo{"AT-R013", E, Both, "nhs_number",
             "NHS number check digit does not match Modulus 11 (mistyped?)"},
    RuleInfo{"AT-R014", W, Both, "nhs_number",
             "NHS number is a placeholder (all same digit) or from the 999 test range"},
    RuleInfo{"AT-R020", E, Both, "date_of_birth", "date of birth missing"},
    RuleInfo{"AT-R021", E, At, "date_of_birth", "date of birth is after the admission date"},
    RuleInfo{"AT-R022", W, At, "date_of_birth",
             "age at admission is over 100 or under 5 years: check the date of birth"},
    RuleInfo{"AT-R023", E, Both, "date_of_birth", "date of birth is in the future"},
    RuleInfo{"AT-R030", W, At, "postcode_home",
             "home postcode missing, so distance from home cannot be derived"},
    RuleInfo{"AT-R031", E, Both, "postcode_home",
             "postcode matches neither the UK pattern nor a ZZ99 pseudo-postcode"},
    RuleInfo{"AT-R041", E, At, "gender_identity",
             "gender identity missing or not one of 1, 2, 3, 4, Z, X"},
    RuleInfo{"AT-R043", E, At, "ethnic_category",
             "ethnic category missing or not one of A-H, J-N, P, R, S, Z, 99"},
    RuleInfo{"AT-R050", E, At, "commissioner_code", "commissioner code missing"},
    RuleInfo{"AT-R051", E, At, "commissioner_code",
             "commissioner code is not shaped like an ICB or sub-ICB code (3 or 5 characters)"},
    RuleInfo{"AT-R052", E, At, "provider_code",
             "provider code missing or not shaped like an ODS provider code"},
    RuleInfo{"AT-R053", E, At, "provider_site_code", "site code missing or not 5 characters"},
    RuleInfo{"AT-R054", W, At, "provider_site_code",
             "site code does not belong to the provider (first 3 characters differ)"},
    RuleInfo{"AT-R060", E, At, "lda_category",
             "learning disability / autism category missing or not one of 1, 2, 3, 4"},
    RuleInfo{"AT-R070", E, At, "admission_date", "admission date missing"},
    RuleInfo{"AT-R071", E, Both, "admission_date", "admission date is after the extract date"},
    RuleInfo{"AT-R073", W, At, "admission_date", "admission date is before 1970-01-01"},
    RuleInfo{"AT-R080", E, At, "mha_legal_status",
             "Mental Health Act legal status missing or not a national code (at-spec 5.6)"},
    RuleInfo{"AT-R081", W, At, "mha_legal_status",
             "legal status 98 (not applicable) for an inpatient"},
    RuleInfo{"AT-R091", E, At, "ward_security",
             "ward security missing or not one of 0, 1, 2, 3, 4"},
    RuleInfo{"AT-R140", E, At, "discharge_date", "discharge date is before the admission date"},
    RuleInfo{"AT-R141", E, At, "discharge_date", "discharge date is after the extract date"},
    RuleInfo{"AT-R142", W, At, "discharge_date",
             "discharge date equals the admission date: check for an entry error"},
    RuleInfo{"AT-R170", E, At, "",
             "in hospital at the cut only if admitted by and not discharged by the end of the "
             "last day of the month (checked on InpatientAtPeriodEnd by validate-return)"},
};

}  // namespace

std::span<const RuleInfo> all_rules() {
  return kRules;
}

const RuleInfo& rule(std::string_view id) {
  for (const auto& r : kRules) {
    if (r.id == id) {
      return r;
    }
  }
  // Rule ids are compile-time constants: an unknown one is a programming error.
  std::abort();
}

}  // namespace atpipe::transforms
