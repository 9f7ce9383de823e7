#include "core/field.hpp"

#include <array>

namespace atpipe::core {
namespace {

constexpr std::array<FieldInfo, kFieldCount> kFields = {{
    {Field::LocalId, "local_id", FieldKind::Text, "LocalPatientID", false},
    {Field::SpecVersion, "spec_version", FieldKind::Code, "SpecVersion", false},
    {Field::NhsNumber, "nhs_number", FieldKind::NhsNumber, "NHSNumber", true},
    {Field::Surname, "surname", FieldKind::Text, "Surname", true},
    {Field::Forename, "forename", FieldKind::Text, "Forename", true},
    {Field::DateOfBirth, "date_of_birth", FieldKind::CalendarDate, "DateOfBirth", true},
    {Field::GenderIdentity, "gender_identity", FieldKind::Code, "GenderIdentity", false},
    {Field::PostcodeHome, "postcode_home", FieldKind::Postcode, "PostcodeOfUsualAddress", true},
    {Field::EthnicCategory, "ethnic_category", FieldKind::Code, "EthnicCategory", false},
    {Field::CommissionerCode, "commissioner_code", FieldKind::Ods, "SubmittingCommissioner", false},
    {Field::ProviderCode, "provider_code", FieldKind::Ods, "CurrentProviderOrganisation", false},
    {Field::ProviderSiteCode, "provider_site_code", FieldKind::Ods, "ProviderSiteCode", false},
    {Field::LdaCategory, "lda_category", FieldKind::Code, "PatientCategory", false},
    {Field::AdmissionDate, "admission_date", FieldKind::CalendarDate, "HospitalAdmissionDate",
     false},
    {Field::DischargeDate, "discharge_date", FieldKind::CalendarDate, "DateOfActualTransfer",
     false},
    {Field::MhaLegalStatus, "mha_legal_status", FieldKind::Code, "MentalHealthAct", false},
    {Field::WardSecurity, "ward_security", FieldKind::Code, "WardSecurityLevel", false},
}};

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
