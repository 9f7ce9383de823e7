#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

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
    RuleInfo{"ATP-M004", E, Both, "",
             "value is not yes, no or not known (Y/N/NK, Yes/No, true/false, 1/0)"},
    RuleInfo{"ATP-M005", E, Both, "", "value is not a number of 0 or more"},
    RuleInfo{"ATP-M006", E, Both, "cetr_history",
             "C(E)TR history entry is not 'date|type|outcome' with a real date"},
    RuleInfo{"ATP-M007", E, Both, "",
             "value holds a control character (NUL, another C0 but TAB in free text, DEL, C1)"},
    RuleInfo{"ATP-M008", E, Both, "", "value is longer than the source's max_field_length"},
    RuleInfo{"ATP-V001", E, At, "",
             "code is not in the item's national list (a mandatory or conditional item without a "
             "code rule of its own in at-spec 6.1)"},
    RuleInfo{"ATP-V002", W, At, "",
             "code is not in the item's national list (an optional item: flagged, record kept)"},
    RuleInfo{"ATP-V003", E, At, "",
             "mandatory item missing (an item without a 'missing' rule of its own in at-spec "
             "6.1)"},
    RuleInfo{"ATP-V004", E, At, "delay_reason",
             "more than three delay reasons (Q48a-c hold three)"},
    RuleInfo{"ATP-R001", E, At, "", "validate-return: a column that is not in the AT return"},
    RuleInfo{"ATP-R002", E, At, "", "validate-return: an AT return column is missing"},
    RuleInfo{"AT-R001", E, At, "local_id", "record id missing or duplicated in the extract"},
    RuleInfo{"AT-R002", E, At, "spec_version",
             "spec version must be 3 or 4, and 4 for records admitted or updated from 2024-04-02"},
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
    RuleInfo{
        "AT-R015", W, At, "nhs_number",
        "the same NHS number is in more than one open (undischarged) episode: close the old one"},
    RuleInfo{"AT-R020", E, Both, "date_of_birth", "date of birth missing"},
    RuleInfo{"AT-R021", E, At, "date_of_birth", "date of birth is after the admission date"},
    RuleInfo{"AT-R022", W, At, "date_of_birth",
             "age at admission is over 100 or under 5 years: check the date of birth"},
    RuleInfo{"AT-R023", E, Both, "date_of_birth", "date of birth is in the future"},
    RuleInfo{"AT-R030", W, At, "postcode_home",
             "home postcode missing, so distance from home cannot be derived"},
    RuleInfo{"AT-R031", E, Both, "",
             "postcode matches neither the UK pattern nor a ZZ99 pseudo-postcode"},
    RuleInfo{"AT-R032", W, At, "postcode_home",
             "home postcode is the treating site's postcode: record where the person lived before "
             "admission"},
    RuleInfo{"AT-R040", E, At, "gender_v3", "v3 record: gender missing or not one of 1, 2, 9, X"},
    RuleInfo{"AT-R041", E, At, "gender_identity",
             "v4 record: gender identity missing or not one of 1, 2, 3, 4, Z, X"},
    RuleInfo{"AT-R042", W, At, "sex_at_birth", "sex at birth is not one of 1, 2, X"},
    RuleInfo{"AT-R043", E, At, "ethnic_category",
             "ethnic category missing or not one of A-H, J-N, P, R, S, Z, 99"},
    RuleInfo{"AT-R050", E, At, "commissioner_code", "commissioner code missing"},
    RuleInfo{"AT-R051", E, At, "",
             "submitting or originating commissioner is not a live ICB, sub-ICB, hub or "
             "collaborative code at the cut"},
    RuleInfo{"AT-R052", E, At, "provider_code",
             "provider code missing or not in the provider and site list (MPSL)"},
    RuleInfo{"AT-R053", E, At, "provider_site_code",
             "site code missing, not 5 characters, or not in the provider and site list (MPSL)"},
    RuleInfo{"AT-R054", W, At, "provider_site_code",
             "site code does not belong to the provider (first 3 characters differ)"},
    RuleInfo{"AT-R060", E, At, "lda_category",
             "learning disability / autism category missing or not one of 1, 2, 3, 4"},
    RuleInfo{"AT-R061", W, At, "diagnosis_since_admission",
             "diagnosis since admission given but the admission date is missing"},
    RuleInfo{"AT-R062", E, At, "lda_category",
             "category 4 (neither LD nor autism) on a record not closed as 'no longer in scope'"},
    RuleInfo{"AT-R063", E, At, "",
             "diagnosed since admission but the diagnosis date is missing, before birth or after "
             "the cut"},
    RuleInfo{"AT-R070", E, At, "admission_date", "admission date missing"},
    RuleInfo{"AT-R071", E, Both, "admission_date", "admission date is after the extract date"},
    RuleInfo{"AT-R072", E, At, "admission_date", "admission date is before the date of birth"},
    RuleInfo{"AT-R073", W, At, "admission_date", "admission date is before 1970-01-01"},
    RuleInfo{"AT-R074", E, At, "admission_source",
             "admission source missing or not in the list for the record's spec version (99 = not "
             "yet known)"},
    RuleInfo{"AT-R075", E, At, "admission_type",
             "admission type missing or not FIRST, READMIT_12M or TRANSFER"},
    RuleInfo{"AT-R076", E, At, "admission_planned",
             "planned / unplanned admission missing or not one of 1, 2, 9"},
    RuleInfo{"AT-R077", E, At, "admission_reason",
             "v3+ record: reason for admission missing or not in the list"},
    RuleInfo{"AT-R078", E, At, "dsr_before_admission",
             "v3+ record: on the Dynamic Support Register before admission missing"},
    RuleInfo{"AT-R079", W, At, "admission_type",
             "readmission within 12 months, but no discharge of this person in the 365 days before "
             "admission"},
    RuleInfo{"AT-R080", E, At, "mha_legal_status",
             "Mental Health Act legal status missing or not a national code (at-spec 5.6)"},
    RuleInfo{"AT-R081", W, At, "mha_legal_status",
             "legal status 98 (not applicable) for an inpatient"},
    RuleInfo{"AT-R082", E, At, "s17_extended_leave",
             "extended S17 leave = Y but the legal status is informal (01) or not applicable (98)"},
    RuleInfo{
        "AT-R083", W, At, "s17_extended_leave",
        "on extended S17 leave (MM/PJ): left out of inpatient counts for cuts from 2024-11-30"},
    RuleInfo{"AT-R084", W, At, "s17_extended_leave",
             "extended S17 leave = Y but no earlier record closed on the leave start with S17 "
             "leave N, care plan 7 and a clinically ready date"},
    RuleInfo{"AT-R090", E, At, "", "ward type (v3) or bed type (v4) missing or not in the list"},
    RuleInfo{"AT-R091", E, At, "ward_security",
             "ward security missing or not one of 0, 1, 2, 3, 4"},
    RuleInfo{"AT-R092", W, At, "commissioning_arrangement",
             "specialised or collaborative commissioning but a general or PICU ward that is not a "
             "CAMHS bed"},
    RuleInfo{"AT-R093", W, At, "bed_type",
             "ward security and bed type disagree (e.g. low secure without a low secure bed type)"},
    RuleInfo{"AT-R100", W, At, "cetr_pre_admission_date",
             "planned admission without a pre-admission C(E)TR date"},
    RuleInfo{"AT-R101", E, At, "cetr_pre_admission_date",
             "pre-admission C(E)TR date is after the admission date"},
    RuleInfo{"AT-R102", E, At, "cetr_pre_admission_outcome",
             "pre-admission C(E)TR date given without an outcome"},
    RuleInfo{"AT-R103", E, At, "cetr_post_admission_date",
             "post-admission C(E)TR date is before the admission date"},
    RuleInfo{"AT-R104", W, At, "cetr_post_admission_date",
             "unplanned admission without a post-admission C(E)TR within 28 days (adults) or 7 "
             "days (under 18)"},
    RuleInfo{"AT-R105", E, At, "cetr_post_admission_outcome",
             "post-admission C(E)TR date given without an outcome"},
    RuleInfo{"AT-R106", W, At, "last_cetr_date",
             "last C(E)TR older than 6 months (adults), 12 months (adults on secure wards) or 3 "
             "months (under 18) at the cut"},
    RuleInfo{"AT-R110", E, At, "oversight_visit_last_date",
             "oversight visit date is before admission or after discharge"},
    RuleInfo{"AT-R111", W, At, "oversight_visit_last_date",
             "no oversight visit within 8 weeks (adults) or 6 weeks (under 18) of the cut"},
    RuleInfo{"AT-R120", E, At, "advocacy_type",
             "v3+ record: advocacy type missing or not in the list"},
    RuleInfo{"AT-R121", W, At, "ehc_plan",
             "aged under 25 at the cut and the EHC plan indicator is missing"},
    RuleInfo{"AT-R130", E, At, "planned_discharge_date",
             "planned discharge date is before the admission date"},
    RuleInfo{"AT-R131", W, At, "planned_discharge_date",
             "planned discharge date has passed and the person is still an inpatient"},
    RuleInfo{"AT-R132", E, At, "delayed_discharge",
             "delayed discharge indicator missing for an inpatient"},
    RuleInfo{"AT-R133", E, At, "delay_reason", "delayed discharge = Y but no delay reason"},
    RuleInfo{"AT-R134", E, At, "care_plan_status",
             "care plan status 6 or 7 without a clinically ready date or a delay reason"},
    RuleInfo{"AT-R140", E, At, "discharge_date", "discharge date is before the admission date"},
    RuleInfo{"AT-R141", E, At, "discharge_date", "discharge date is after the extract date"},
    RuleInfo{"AT-R142", W, At, "discharge_date",
             "discharge date equals the admission date: check for an entry error"},
    RuleInfo{"AT-R143", E, At, "discharge_destination",
             "discharge date given but the record closed reason is missing"},
    RuleInfo{"AT-R144", E, At, "discharge_date",
             "record closed reason given but the discharge date is missing"},
    RuleInfo{"AT-R145", E, At, "discharge_destination",
             "record closed as 'died' but a later episode for the same NHS number starts after it"},
    RuleInfo{"AT-R150", W, At, "distance_from_home_km",
             "distance from home over 300 km: likely a postcode error"},
    RuleInfo{"AT-R160", W, At, "last_updated", "open record not updated for more than 6 months"},
    RuleInfo{"AT-R170", E, At, "",
             "in hospital at the cut only if admitted by and not discharged by the end of the last "
             "day of the month (checked on InpatientAtPeriodEnd by validate-return)"},
    RuleInfo{"AT-R180", W, Both, "",
             "census record with a valid NHS number has no AT match at the same date (CENSUS_ONLY "
             "query)"},
    RuleInfo{
        "AT-R181", W, Both, "",
        "AT record with a valid NHS number has no census match at the census date (AT_ONLY query)"},
};

}  // namespace

std::span<const RuleInfo> all_rules() {
  return kRules;
}

const RuleInfo& rule(std::string_view id) {
  // Every finding of every record asks for its rule: the table is searched through an index
  // sorted by id, built once, rather than walked. A stable sort keeps the first of any
  // repeated id first, as the walk found it.
  static const auto kById = [] {
    std::vector<const RuleInfo*> index;
    for (const auto& r : kRules) {
      index.push_back(&r);
    }
    std::stable_sort(index.begin(), index.end(),
                     [](const RuleInfo* a, const RuleInfo* b) { return a->id < b->id; });
    return index;
  }();
  auto it = std::lower_bound(kById.begin(), kById.end(), id,
                             [](const RuleInfo* r, std::string_view v) { return r->id < v; });
  if (it != kById.end() && (*it)->id == id) {
    return **it;
  }
  // Rule ids are compile-time constants: an unknown one is a programming error.
  std::abort();
}

}  // namespace atpipe::transforms
