#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace atpipe::core {

// How a canonical field's raw text is normalised and checked.
enum class FieldKind {
  Text,          // trimmed text (names, local ids)
  NhsNumber,     // at-spec §5.1
  CalendarDate,  // parsed with the column's formats, held as ISO yyyy-mm-dd
  Postcode,      // at-spec §5.3
  Code,          // a value from a code list (at-spec §2, §5), translated by code maps
  Ods,           // an ODS organisation code (at-spec §5.2)
  Flag,          // Y / N / NK (at-spec §2.1 yes/no items); yes/no/true/false/1/0 accepted
  CodeSet,       // several codes of one list, held sorted and ';'-separated (CAP convention)
  Decimal,       // a number such as a distance in km, held with one decimal place
  CetrHistory,   // C(E)TRs held, ';'-separated entries "yyyy-mm-dd|type|outcome"
};

// The canonical AT fields (at-spec §6). Order is the return's column order; add new fields
// before Count and a row in field.cpp.
enum class Field : std::size_t {
  LocalId,
  SpecVersion,
  NhsNumber,
  Surname,
  Forename,
  DateOfBirth,
  GenderV3,
  GenderIdentity,
  SexAtBirth,
  PostcodeHome,
  EthnicCategory,
  CommissionerCode,
  OriginatingCommissionerCode,
  CommissioningArrangement,
  ProviderCode,
  ProviderSiteCode,
  LdaCategory,
  DiagnosisOnAdmission,
  DiagnosisSinceAdmission,
  LdDiagnosisDate,
  AutismDiagnosisDate,
  AdmissionDate,
  PreviousAdmissionDate,
  AdmissionSource,
  AdmissionSourcePostcode,
  AdmissionType,
  AdmissionPlanned,
  AdmissionReason,
  DsrBeforeAdmission,
  MhaLegalStatus,
  S17ExtendedLeave,
  CriminalJustice,
  WardType,
  BedType,
  WardSecurity,
  CetrPreAdmissionDate,
  CetrPreAdmissionOutcome,
  CetrPostAdmissionDate,
  CetrPostAdmissionOutcome,
  LastCetrDate,
  LastCetrType,
  LastCetrOutcome,
  CetrHistory,
  LastCarePlanReview,
  OversightVisitLastDate,
  AdvocacyType,
  FamilyInvolved,
  NamedCareCoordinator,
  EhcPlan,
  NamedKeyworker,
  OutOfAreaReasons,
  CarePlanStatus,
  ClinicallyReadyDate,
  PlannedTransferTo,
  PlannedTransferPostcode,
  PlannedDischargeDate,
  DischargePlanAgreement,
  CtoDischargeConsidered,
  DelayedDischarge,
  DelayReason,
  DischargeDate,
  DischargeDestination,
  DistanceFromHomeKm,
  LastUpdated,
  Count
};

inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::Count);

struct FieldInfo {
  Field id;
  std::string_view name;  // the YAML / canonical name, lower_snake
  FieldKind kind;
  std::string_view national_name;  // column name in the return (at-spec §6)
  bool identifying;                // personal data: never logged, masked in messages
  std::string_view code_list;      // national code list the values come from, "" for none
  char requirement;                // 'M' mandatory, 'C' conditional, 'O' optional (at-spec §6)
};

[[nodiscard]] const FieldInfo& field_info(Field f);
[[nodiscard]] std::span<const FieldInfo> all_fields();
[[nodiscard]] std::optional<Field> field_by_name(std::string_view name);

}  // namespace atpipe::core
