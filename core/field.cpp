#include "core/field.hpp"

#include <array>

namespace atpipe::core {
namespace {

constexpr std::array<FieldInfo, kFieldCount> kFields = {{
    {Field::LocalId, "local_id", FieldKind::Text, "LocalPatientID", false, "", 'M'},
    {Field::SpecVersion, "spec_version", FieldKind::Code, "SpecVersion", false, "spec_version",
     'M'},
    {Field::NhsNumber, "nhs_number", FieldKind::NhsNumber, "NHSNumber", true, "", 'M'},
    {Field::Surname, "surname", FieldKind::Text, "Surname", true, "", 'O'},
    {Field::Forename, "forename", FieldKind::Text, "Forename", true, "", 'O'},
    {Field::DateOfBirth, "date_of_birth", FieldKind::CalendarDate, "DateOfBirth", true, "", 'M'},
    {Field::GenderV3, "gender_v3", FieldKind::Code, "Gender", false, "gender", 'C'},
    {Field::GenderIdentity, "gender_identity", FieldKind::Code, "GenderIdentity", false,
     "gender_identity", 'C'},
    {Field::SexAtBirth, "sex_at_birth", FieldKind::Code, "SexAtBirth", false, "sex_at_birth", 'O'},
    {Field::PostcodeHome, "postcode_home", FieldKind::Postcode, "PostcodeOfUsualAddress", true, "",
     'M'},
    {Field::EthnicCategory, "ethnic_category", FieldKind::Code, "EthnicCategory", false,
     "ethnic_category", 'M'},
    {Field::CommissionerCode, "commissioner_code", FieldKind::Ods, "SubmittingCommissioner", false,
     "", 'M'},
    {Field::OriginatingCommissionerCode, "originating_commissioner_code", FieldKind::Ods,
     "OriginatingCommissioner", false, "", 'M'},
    {Field::CommissioningArrangement, "commissioning_arrangement", FieldKind::Code,
     "CommissioningArrangement", false, "commissioning_arrangement", 'M'},
    {Field::ProviderCode, "provider_code", FieldKind::Ods, "CurrentProviderOrganisation", false, "",
     'M'},
    {Field::ProviderSiteCode, "provider_site_code", FieldKind::Ods, "ProviderSiteCode", false, "",
     'M'},
    {Field::LdaCategory, "lda_category", FieldKind::Code, "PatientCategory", false, "lda_category",
     'M'},
    {Field::DiagnosisOnAdmission, "diagnosis_on_admission", FieldKind::Code, "DiagnosticCategory",
     false, "diagnosis_on_admission", 'O'},
    {Field::DiagnosisSinceAdmission, "diagnosis_since_admission", FieldKind::Code,
     "DiagnosisSinceAdmission", false, "diagnosis_since_admission", 'C'},
    {Field::LdDiagnosisDate, "ld_diagnosis_date", FieldKind::CalendarDate,
     "DateDiagnosedWithLearningDisability", false, "", 'C'},
    {Field::AutismDiagnosisDate, "autism_diagnosis_date", FieldKind::CalendarDate,
     "DateDiagnosedWithAutism", false, "", 'C'},
    {Field::AdmissionDate, "admission_date", FieldKind::CalendarDate, "HospitalAdmissionDate",
     false, "", 'M'},
    {Field::PreviousAdmissionDate, "previous_admission_date", FieldKind::CalendarDate,
     "PreviousAdmissionDate", false, "", 'O'},
    {Field::AdmissionSource, "admission_source", FieldKind::Code, "AdmissionSource", false,
     "admission_source", 'M'},
    {Field::AdmissionSourcePostcode, "admission_source_postcode", FieldKind::Postcode,
     "AdmissionSourcePostcode", true, "", 'C'},
    {Field::AdmissionType, "admission_type", FieldKind::Code, "AdmissionType", false,
     "admission_type", 'M'},
    {Field::AdmissionPlanned, "admission_planned", FieldKind::Code, "AdmissionPlan", false,
     "admission_planned", 'M'},
    {Field::AdmissionReason, "admission_reason", FieldKind::CodeSet, "ReasonForAdmission", false,
     "admission_reason", 'M'},
    {Field::DsrBeforeAdmission, "dsr_before_admission", FieldKind::Flag, "DsrBeforeAdmission",
     false, "yes_no", 'M'},
    {Field::MhaLegalStatus, "mha_legal_status", FieldKind::Code, "MentalHealthAct", false,
     "mha_legal_status", 'M'},
    {Field::S17ExtendedLeave, "s17_extended_leave", FieldKind::Flag, "S17ExtendedLeave", false,
     "yes_no", 'O'},
    {Field::CriminalJustice, "criminal_justice", FieldKind::Flag, "CriminalJustice", false,
     "yes_no", 'O'},
    {Field::WardType, "ward_type", FieldKind::Code, "WardType", false, "ward_type", 'C'},
    {Field::BedType, "bed_type", FieldKind::Code, "BedType", false, "bed_type", 'C'},
    {Field::WardSecurity, "ward_security", FieldKind::Code, "WardSecurityLevel", false,
     "ward_security", 'M'},
    {Field::CetrPreAdmissionDate, "cetr_pre_admission_date", FieldKind::CalendarDate,
     "PreAdmissionCareAndTreatmentReviewDate", false, "", 'C'},
    {Field::CetrPreAdmissionOutcome, "cetr_pre_admission_outcome", FieldKind::Code,
     "PreAdmissionCtrOutcome", false, "cetr_outcome", 'C'},
    {Field::CetrPostAdmissionDate, "cetr_post_admission_date", FieldKind::CalendarDate,
     "PostAdmissionCtrDate", false, "", 'C'},
    {Field::CetrPostAdmissionOutcome, "cetr_post_admission_outcome", FieldKind::Code,
     "PostAdmissionCtrOutcome", false, "cetr_outcome", 'C'},
    {Field::LastCetrDate, "last_cetr_date", FieldKind::CalendarDate, "MostRecentCtrDate", false, "",
     'C'},
    {Field::LastCetrType, "last_cetr_type", FieldKind::Code, "MostRecentCtrType", false,
     "cetr_type", 'O'},
    {Field::LastCetrOutcome, "last_cetr_outcome", FieldKind::Code, "OutcomeOfCtr", false,
     "cetr_outcome", 'O'},
    {Field::CetrHistory, "cetr_history", FieldKind::CetrHistory, "CtrHistory", false, "cetr_type",
     'O'},
    {Field::LastCarePlanReview, "last_care_plan_review", FieldKind::CalendarDate, "ReviewDate",
     false, "", 'O'},
    {Field::OversightVisitLastDate, "oversight_visit_last_date", FieldKind::CalendarDate,
     "OversightVisitDate", false, "", 'C'},
    {Field::AdvocacyType, "advocacy_type", FieldKind::CodeSet, "AdvocacyType", false,
     "advocacy_type", 'M'},
    {Field::FamilyInvolved, "family_involved", FieldKind::Code, "Family", false, "family_involved",
     'O'},
    {Field::NamedCareCoordinator, "named_care_coordinator", FieldKind::Flag, "NamedCareCoOrdinator",
     false, "yes_no", 'O'},
    {Field::EhcPlan, "ehc_plan", FieldKind::Flag, "HasEducationHealthAndCarePlan", false, "yes_no",
     'C'},
    {Field::NamedKeyworker, "named_keyworker", FieldKind::Flag, "HasPatientNamedKeyWorker", false,
     "yes_no", 'O'},
    {Field::OutOfAreaReasons, "out_of_area_reasons", FieldKind::CodeSet, "OutOfAreaReasons", false,
     "out_of_area_reasons", 'O'},
    {Field::CarePlanStatus, "care_plan_status", FieldKind::Code, "PatientCarePlan", false,
     "care_plan_status", 'M'},
    {Field::ClinicallyReadyDate, "clinically_ready_date", FieldKind::CalendarDate,
     "ClinicallyReadyForDischargeDate", false, "", 'C'},
    {Field::PlannedTransferTo, "planned_transfer_to", FieldKind::Code, "TransferPlan", false,
     "planned_transfer_to", 'O'},
    {Field::PlannedTransferPostcode, "planned_transfer_postcode", FieldKind::Postcode,
     "PlannedTransferPostcode", true, "", 'O'},
    {Field::PlannedDischargeDate, "planned_discharge_date", FieldKind::CalendarDate,
     "DateOfPlannedTransfer", false, "", 'O'},
    {Field::DischargePlanAgreement, "discharge_plan_agreement", FieldKind::CodeSet,
     "DischargePlanAgreement", false, "discharge_plan_agreement", 'O'},
    {Field::CtoDischargeConsidered, "cto_discharge_considered", FieldKind::Flag, "Discharge", false,
     "yes_no", 'O'},
    {Field::DelayedDischarge, "delayed_discharge", FieldKind::Flag, "DelayedDischarge", false,
     "yes_no", 'M'},
    {Field::DelayReason, "delay_reason", FieldKind::CodeSet, "DelayReason", false, "delay_reason",
     'C'},
    {Field::DischargeDate, "discharge_date", FieldKind::CalendarDate, "DateOfActualTransfer", false,
     "", 'C'},
    {Field::DischargeDestination, "discharge_destination", FieldKind::Code, "RecordClosed", false,
     "discharge_destination", 'C'},
    {Field::DistanceFromHomeKm, "distance_from_home_km", FieldKind::Decimal, "Distance(km)", false,
     "", 'O'},
    {Field::LastUpdated, "last_updated", FieldKind::CalendarDate, "PatientUpdatedDate", false, "",
     'M'},
}};

// The table is indexed by Field: a row out of order would give one field another's name.
constexpr bool table_in_order() {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (static_cast<std::size_t>(kFields[i].id) != i) {
      return false;
    }
  }
  return true;
}
static_assert(table_in_order(), "kFields rows must follow the order of enum Field");

}  // namespace

const FieldInfo& field_info(Field f) {
  return kFields[static_cast<std::size_t>(f)];
}

std::span<const FieldInfo> all_fields() {
  return kFields;
}

std::optional<Field> field_by_name(std::string_view name) {
  for (const auto& info : kFields) {
    if (info.name == name) {
      return info.id;
    }
  }
  return std::nullopt;
}

}  // namespace atpipe::core
