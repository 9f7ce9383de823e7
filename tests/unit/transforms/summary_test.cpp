#include <catch2/catch.hpp>

#include "transforms/summary/summary.hpp"

using namespace atpipe;
using core::Field;

namespace {

transforms::MergedPatient patient(std::string admitted, std::string discharged, std::string mha,
                                  std::string dob = "1990-01-01") {
  transforms::MergedPatient p;
  p.record.set(Field::AdmissionDate, std::move(admitted));
  p.record.set(Field::DischargeDate, std::move(discharged));
  p.record.set(Field::MhaLegalStatus, std::move(mha));
  p.record.set(Field::DateOfBirth, std::move(dob));
  p.record.set(Field::WardSecurity, "1");
  return p;
}

std::size_t count(const std::vector<transforms::SummaryTable>& tables, const std::string& table,
                  const std::string& label) {
  for (const auto& t : tables) {
    if (t.name != table) {
      continue;
    }
    for (const auto& [l, n] : t.rows) {
      if (l == label) {
        return n;
      }
    }
  }
  FAIL("no row " << table << " / " << label);
  return 0;
}

}  // namespace

TEST_CASE("summary counts movements, bands and groups at the cut", "[unit][summary]") {
  auto period = *transforms::period_from_label("2026-10");
  std::vector<transforms::MergedPatient> ps = {
      patient("2026-10-28", "", "03"),              // 3 days at the cut: 0-3 days, admission
      patient("2026-10-27", "", "37"),              // 4 days: 4-7 days; 37 is "Other"
      patient("2016-10-31", "", "09"),              // 3652 days: 5-10 years; restricted
      patient("2016-10-30", "", "", "2010-01-01"),  // 3653 days: 10+; missing = informal; 16
      patient("2020-01-01", "2026-10-15", "03"),    // discharged in the month
  };
  std::vector<const transforms::MergedPatient*> in;
  for (const auto& p : ps) {
    in.push_back(&p);
  }
  auto tables = transforms::summarise(in, period);
  CHECK(count(tables, "headline", "Inpatients at the cut") == 4);
  CHECK(count(tables, "headline", "Admissions in the month") == 2);
  CHECK(count(tables, "headline", "Discharges in the month") == 1);
  CHECK(count(tables, "headline", "of whom in hospital since before the month") == 2);
  CHECK(count(tables, "length_of_stay", "0-3 days") == 1);
  CHECK(count(tables, "length_of_stay", "4-7 days") == 1);
  CHECK(count(tables, "length_of_stay", "5-10 years") == 1);
  CHECK(count(tables, "length_of_stay", "10 years and over") == 1);
  CHECK(count(tables, "legal_status", "Part 2") == 1);
  CHECK(count(tables, "legal_status", "Other") == 1);
  CHECK(count(tables, "legal_status", "Part 3 with restrictions") == 1);
  CHECK(count(tables, "legal_status", "Informal") == 1);
  CHECK(count(tables, "age", "Under 18") == 1);
  CHECK(count(tables, "age", "35-44") == 3);
  CHECK(count(tables, "ward_security", "Low secure") == 4);
}
