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
};

// The canonical AT fields (at-spec §6) that atpipe carries so far. Order is the return's
// column order; add new fields before Count and a row in field.cpp.
enum class Field : std::size_t {
  LocalId,
  SpecVersion,
  NhsNumber,
  Surname,
  Forename,
  DateOfBirth,
  GenderIdentity,
  PostcodeHome,
  EthnicCategory,
  CommissionerCode,
  ProviderCode,
  ProviderSiteCode,
  LdaCategory,
  AdmissionDate,
  DischargeDate,
  MhaLegalStatus,
  WardSecurity,
  Count
};

inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::Count);

struct FieldInfo {
  Field id;
  std::string_view name;  // the YAML / canonical name, lower_snake
  FieldKind kind;
  std::string_view national_name;  // column name in the return (at-spec §6)
  bool identifying;                // personal data: never logged, masked in messages
};

[[nodiscard]] const FieldInfo& field_info(Field f);
[[nodiscard]] std::span<const FieldInfo> all_fields();
[[nodiscard]] std::optional<Field> field_by_name(std::string_view name);

}  // namespace atpipe::core
