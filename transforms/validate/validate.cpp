#include <algorithm>
#include <array>
#include <unordered_map>

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
  rec.findings.push_back({std::string(r.id), r.severity, std::string(r.field),
                          std::string(r.message)});
}

bool has_finding_on(const Record& rec, std::string_view field) {
  return std::any_of(rec.findings.begin(), rec.findings.end(),
                     [&](const core::Finding& f) { return f.field == field; });
}

std::optional<core::Date> date_of(const Record& rec, Field f) {
  return rec.has(f) ? core::parse_iso(rec.get(f)) : std::nullopt;
}

bool in_list(std::string_view value, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), value) != list.end();
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

// Years between two dates, counting whole birthdays.
int age_on(const core::Date& birth, const core::Date& on) {
  int years = static_cast<int>(on.year()) - static_cast<int>(birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --years;
  }
  return years;
}

void check_person(Record& rec, const RuleContext& ctx) {
  bool at = ctx.role == config::SourceRole::At;
  check_nhs_number(rec);
  auto dob = date_of(rec, Field::DateOfBirth);
  auto admitted = date_of(rec, Field::AdmissionDate);
  if (!rec.has(Field::DateOfBirth) && !has_finding_on(rec, "date_of_birth")) {
    add(rec, "AT-R020");
  }
  if (dob && *dob > ctx.today) {
    add(rec, "AT-R023");
  } else if (at && dob && admitted) {
    if (*dob > *admitted) {
      add(rec, "AT-R021");
    } else if (int age = age_on(*dob, *admitted); age > 100 || age < 5) {
      add(rec, "AT-R022");
    }
  }
  auto pc = core::normalise_postcode(rec.get(Field::PostcodeHome));
  if (pc.status == core::PostcodeStatus::Invalid) {
    add(rec, "AT-R031");
  } else if (at && pc.status == core::PostcodeStatus::Missing) {
    add(rec, "AT-R030");
  }
  if (!at) {
    return;
  }
  if (!has_finding_on(rec, "gender_identity") &&
      !in_list(rec.get(Field::GenderIdentity), {"1", "2", "3", "4", "Z", "X"})) {
    add(rec, "AT-R041");
  }
  const auto& ethnic = rec.get(Field::EthnicCategory);
  bool ethnic_ok = ethnic == "99" || (ethnic.size() == 1 && ethnic[0] >= 'A' && ethnic[0] <= 'S' &&
                                      ethnic[0] != 'I' && ethnic[0] != 'O' && ethnic[0] != 'Q') ||
                   ethnic == "Z";
  if (!has_finding_on(rec, "ethnic_category") && !ethnic_ok) {
    add(rec, "AT-R043");
  }
}

void check_organisations(Record& rec) {
  const auto& commissioner = rec.get(Field::CommissionerCode);
  if (commissioner.empty()) {
    add(rec, "AT-R050");
  } else if (!core::ods_shape_ok(commissioner, core::OdsKind::Commissioner)) {
    add(rec, "AT-R051");
  }
  const auto& provider = rec.get(Field::ProviderCode);
  if (!core::ods_shape_ok(provider, core::OdsKind::Provider)) {
    add(rec, "AT-R052");
  }
  const auto& site = rec.get(Field::ProviderSiteCode);
  if (!core::ods_shape_ok(site, core::OdsKind::ProviderSite)) {
    add(rec, "AT-R053");
  } else if (provider.size() == 3 && provider[0] == 'R' && site.compare(0, 3, provider) != 0) {
    add(rec, "AT-R054");
  }
}

void check_episode(Record& rec, const RuleContext& ctx) {
  bool at = ctx.role == config::SourceRole::At;
  auto admitted = date_of(rec, Field::AdmissionDate);
  if (admitted && *admitted > ctx.today) {
    add(rec, "AT-R071");
  }
  if (!at) {
    return;
  }
  if (!rec.has(Field::AdmissionDate) && !has_finding_on(rec, "admission_date")) {
    add(rec, "AT-R070");
  }
  static const core::Date kEpoch{date::year{1970}, date::January, date::day{1}};
  if (admitted && *admitted < kEpoch) {
    add(rec, "AT-R073");
  }
  if (!has_finding_on(rec, "lda_category") &&
      !in_list(rec.get(Field::LdaCategory), {"1", "2", "3", "4"})) {
    add(rec, "AT-R060");
  }
  static constexpr std::array<std::string_view, 28> kMha = {
      "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "15",
      "16", "17", "18", "19", "20", "31", "32", "34", "35", "36", "37", "38", "98", "99"};
  const auto& mha = rec.get(Field::MhaLegalStatus);
  if (!has_finding_on(rec, "mha_legal_status") &&
      std::find(kMha.begin(), kMha.end(), mha) == kMha.end()) {
    add(rec, "AT-R080");
  } else if (mha == "98" && !rec.has(Field::DischargeDate)) {
    add(rec, "AT-R081");
  }
  if (!has_finding_on(rec, "ward_security") &&
      !in_list(rec.get(Field::WardSecurity), {"0", "1", "2", "3", "4"})) {
    add(rec, "AT-R091");
  }
  if (auto discharged = date_of(rec, Field::DischargeDate)) {
    if (admitted && *discharged < *admitted) {
      add(rec, "AT-R140");
    } else if (*discharged > ctx.today) {
      add(rec, "AT-R141");
    } else if (admitted && *discharged == *admitted) {
      add(rec, "AT-R142");
    }
  }
}

}  // namespace

void validate_record(Record& record, const RuleContext& ctx) {
  if (ctx.role == config::SourceRole::At && !record.has(Field::LocalId)) {
    add(record, "AT-R001");
  }
  check_person(record, ctx);
  if (ctx.role == config::SourceRole::At) {
    check_organisations(record);
  }
  check_episode(record, ctx);
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
      rec.findings.push_back({"AT-R001", core::Severity::Error, "local_id",
                              "record id duplicated in the extract (first seen at row " +
                                  std::to_string(it->second) + ")"});
    }
  }
}

}  // namespace atpipe::transforms
