#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/validate/rules.hpp"

using namespace atpipe;
using core::Field;
using core::Record;
using test::d;

namespace {

// A record that satisfies every AT rule in scope, to be broken one field at a time.
Record good_record() {
  Record r;
  r.set(Field::LocalId, "NHFT000001");
  r.set(Field::SpecVersion, "4");
  r.set(Field::NhsNumber, "9434765919");
  r.set(Field::DateOfBirth, "1990-05-17");
  r.set(Field::GenderIdentity, "1");
  r.set(Field::PostcodeHome, "NN1 5BD");
  r.set(Field::EthnicCategory, "A");
  r.set(Field::CommissionerCode, "QPM");
  r.set(Field::ProviderCode, "RP1");
  r.set(Field::ProviderSiteCode, "RP101");
  r.set(Field::LdaCategory, "1");
  r.set(Field::AdmissionDate, "2025-01-10");
  r.set(Field::MhaLegalStatus, "03");
  r.set(Field::WardSecurity, "1");
  r.set(Field::OriginatingCommissionerCode, "78H");
  r.set(Field::CommissioningArrangement, "CCG");
  r.set(Field::AdmissionSource, "19");
  r.set(Field::AdmissionType, "FIRST");
  r.set(Field::AdmissionPlanned, "2");
  r.set(Field::AdmissionReason, "MENTAL_DISORDER");
  r.set(Field::DsrBeforeAdmission, "N");
  r.set(Field::BedType, "116");
  r.set(Field::CetrPostAdmissionDate, "2025-01-20");
  r.set(Field::CetrPostAdmissionOutcome, "1");
  r.set(Field::LastCetrDate, "2026-06-01");
  r.set(Field::OversightVisitLastDate, "2026-10-15");
  r.set(Field::AdvocacyType, "NONE");
  r.set(Field::CarePlanStatus, "3");
  r.set(Field::DelayedDischarge, "N");
  r.set(Field::LastUpdated, "2026-10-01");
  return r;
}

transforms::RuleContext ctx(config::SourceRole role = config::SourceRole::At) {
  return {d(2026, 11, 23), d(2026, 10, 31), role};
}

// Both stages, as a record from the only source that knows the patient would see them.
std::vector<std::string> rules_of(Record r, config::SourceRole role = config::SourceRole::At) {
  transforms::validate_record(r, ctx(role));
  if (role == config::SourceRole::At) {
    transforms::validate_patient(r, ctx(role));
  }
  std::vector<std::string> ids;
  for (const auto& f : r.findings) {
    ids.push_back(f.rule);
  }
  return ids;
}

}  // namespace

TEST_CASE("a complete record has no findings", "[unit][rules]") {
  CHECK(rules_of(good_record()) == std::vector<std::string>{});
}

TEST_CASE("each rule fires on the field that breaks it", "[unit][rules]") {
  struct Case {
    Field field;
    std::string value;
    std::string rule;
  };
  const std::vector<Case> cases = {
      {Field::LocalId, "", "AT-R001"},
      {Field::NhsNumber, "", "AT-R010"},
      {Field::NhsNumber, "943476591", "AT-R011"},
      {Field::NhsNumber, "9991234560", "AT-R012"},
      {Field::NhsNumber, "9434765918", "AT-R013"},
      {Field::NhsNumber, "9990000018", "AT-R014"},
      {Field::DateOfBirth, "", "AT-R020"},
      {Field::DateOfBirth, "2025-02-01", "AT-R021"},
      {Field::DateOfBirth, "1920-01-01", "AT-R022"},
      {Field::DateOfBirth, "2027-01-01", "AT-R023"},
      {Field::PostcodeHome, "", "AT-R030"},
      {Field::PostcodeHome, "NN1 BD5", "AT-R031"},
      {Field::GenderIdentity, "9", "AT-R041"},
      {Field::EthnicCategory, "I", "AT-R043"},
      {Field::CommissionerCode, "", "AT-R050"},
      {Field::CommissionerCode, "QPMX", "AT-R051"},
      {Field::ProviderCode, "X1", "AT-R052"},
      {Field::ProviderSiteCode, "RP10", "AT-R053"},
      {Field::ProviderSiteCode, "RX101", "AT-R054"},
      {Field::LdaCategory, "5", "AT-R060"},
      {Field::AdmissionDate, "", "AT-R070"},
      {Field::AdmissionDate, "2026-12-01", "AT-R071"},
      {Field::AdmissionDate, "1969-12-31", "AT-R073"},  // also AT-R021: born 1990
      {Field::MhaLegalStatus, "11", "AT-R080"},
      {Field::MhaLegalStatus, "98", "AT-R081"},
      {Field::WardSecurity, "5", "AT-R091"},
      {Field::DischargeDate, "2024-12-31", "AT-R140"},
      {Field::DischargeDate, "2026-11-24", "AT-R141"},
      {Field::DischargeDate, "2025-01-10", "AT-R142"},
  };
  for (const auto& c : cases) {
    INFO(c.rule << " via " << core::field_info(c.field).name << " = '" << c.value << "'");
    auto r = good_record();
    r.set(c.field, c.value);
    auto ids = rules_of(r);
    CHECK(std::find(ids.begin(), ids.end(), c.rule) != ids.end());
  }
}

TEST_CASE("a source row is not rejected for fields it does not carry", "[unit][rules]") {
  Record partial;
  partial.set(Field::LocalId, "LA-1");
  partial.set(Field::NhsNumber, "9434765919");
  partial.set(Field::PostcodeHome, "NN1 5BD");
  transforms::validate_record(partial, ctx());
  CHECK(partial.findings.empty());
  // The merged patient must have them all.
  transforms::validate_patient(partial, ctx());
  std::vector<std::string> ids;
  for (const auto& f : partial.findings) {
    ids.push_back(f.rule);
  }
  // Originating commissioner, arrangement, care plan status and last updated have no
  // "missing" rule of their own in at-spec 6.1: ATP-V003.
  CHECK(ids == std::vector<std::string>{"AT-R002",  "AT-R020", "AT-R043", "AT-R050",  "ATP-V003",
                                        "ATP-V003", "AT-R052", "AT-R053", "AT-R060",  "AT-R070",
                                        "AT-R074",  "AT-R075", "AT-R076", "AT-R077",  "AT-R078",
                                        "AT-R080",  "AT-R091", "AT-R120", "ATP-V003", "ATP-V003",
                                        "AT-R041",  "AT-R090", "AT-R132"});
}

TEST_CASE("errors reject, warnings keep the record", "[unit][rules]") {
  auto warn = good_record();
  warn.set(Field::NhsNumber, "9990000018");
  transforms::validate_record(warn, ctx());
  CHECK_FALSE(warn.rejected());
  auto err = good_record();
  err.set(Field::NhsNumber, "9434765918");
  transforms::validate_record(err, ctx());
  CHECK(err.rejected());
}

TEST_CASE("census records are held to the person rules only", "[unit][rules]") {
  Record census;
  census.set(Field::NhsNumber, "9434765919");
  census.set(Field::DateOfBirth, "1990-05-17");
  CHECK(rules_of(census, config::SourceRole::Census).empty());
  census.set(Field::NhsNumber, "9434765918");
  CHECK(rules_of(census, config::SourceRole::Census) == std::vector<std::string>{"AT-R013"});
}

TEST_CASE("a mapping finding on a field suppresses its 'missing' rule", "[unit][rules]") {
  auto r = good_record();
  r.set(Field::DateOfBirth, "");
  r.findings.push_back({"ATP-M001", core::Severity::Error, "date_of_birth", "bad date"});
  auto ids = rules_of(r);
  CHECK(std::count(ids.begin(), ids.end(), "AT-R020") == 0);
}

TEST_CASE("duplicate local ids are rejected after the first", "[unit][rules]") {
  std::vector<Record> records(3, good_record());
  records[0].where.row = 2;
  records[1].where.row = 3;
  records[2].set(Field::LocalId, "NHFT000002");
  transforms::check_duplicate_ids(records);
  CHECK(records[0].findings.empty());
  REQUIRE(records[1].findings.size() == 1);
  CHECK(records[1].findings[0].message ==
        "record id duplicated in the extract (first seen at row 2)");
  CHECK(records[2].findings.empty());
}

TEST_CASE("messages never carry values", "[unit][rules]") {
  for (const auto& rule : transforms::all_rules()) {
    INFO(rule.id);
    CHECK(std::string(rule.message).find("9434765919") == std::string::npos);
  }
  auto r = good_record();
  r.set(Field::NhsNumber, "9434765918");
  transforms::validate_record(r, ctx());
  for (const auto& f : r.findings) {
    CHECK(f.message.find("9434765918") == std::string::npos);
  }
}
