#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/nhs_number.hpp"
#include "tests/support/test_nhs.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/reconcile/linked.hpp"

using namespace atpipe;
using core::Field;

namespace {

core::Record census_row(int n, const std::string& nhs) {
  const char* surnames[] = {"Adams", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green"};
  core::Record r;
  r.where.source = "census";
  r.where.row = static_cast<std::size_t>(n) + 2;
  r.set(Field::LocalId, "W" + std::to_string(n));
  r.set(Field::NhsNumber, nhs);
  r.set(Field::Surname, surnames[n % 7]);
  r.set(Field::Forename, "Amy");
  r.set(Field::DateOfBirth, "19" + std::to_string(50 + n % 40) + "-03-1" + std::to_string(n % 10));
  r.set(Field::PostcodeHome, "NN" + std::to_string(1 + n % 9) + " 5BD");
  r.set(Field::GenderIdentity, "2");
  return r;
}

// Census numbers that a shortcut over their digits could get wrong: the same digits written
// two ways, placeholders (valid check digits, all one digit), bad check digits, none at all.
std::vector<core::Record> awkward_census() {
  const std::string a = testing::test_nhs_number(11);
  const std::string b = testing::test_nhs_number(12);
  const std::string c = testing::test_nhs_number(13);
  const std::string b_spaced = b.substr(0, 3) + " " + b.substr(3, 3) + " " + b.substr(6);
  std::string bad = c;
  bad.back() = static_cast<char>('0' + (bad.back() - '0' + 1) % 10);
  const std::vector<std::string> numbers = {a,
                                            b,
                                            "0000000000",
                                            bad,
                                            "",
                                            a,
                                            b_spaced,
                                            "9999999999",
                                            bad,
                                            "",
                                            c,
                                            a,
                                            "0000000000",
                                            "9999999999",
                                            "999999999",
                                            b,
                                            testing::test_nhs_number(14)};
  std::vector<core::Record> census;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    census.push_back(census_row(static_cast<int>(i), numbers[i]));
  }
  return census;
}

// What DUPLICATE_IN_CENSUS should say, worked out the slow way: every valid number text
// that more than one row has, with those rows in census order, by ascending text.
std::vector<std::pair<std::string, std::string>> expected_duplicates(
    const std::vector<core::Record>& census) {
  std::map<std::string, std::string> refs;
  std::map<std::string, int> count;
  for (const auto& r : census) {
    const std::string nhs(r.get(Field::NhsNumber));
    if (!core::check_nhs_number(nhs).valid()) {
      continue;
    }
    auto& joined = refs[nhs];
    joined +=
        (joined.empty() ? "" : ";") + std::string("census:") + std::string(r.get(Field::LocalId));
    ++count[nhs];
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [nhs, joined] : refs) {
    if (count[nhs] >= 2) {
      out.emplace_back(nhs, joined);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("census duplicates are the valid number texts listed twice, however the digits look",
          "[unit][reconcile]") {
  const auto census = awkward_census();
  const auto expected = expected_duplicates(census);
  // Three numbers, two placeholders: the spaced copy of b and the bad check digits are not
  // duplicates of anything.
  REQUIRE(expected.size() == 4);

  for (unsigned threads : {1U, 2U}) {
    auto config = transforms::linkage::default_linkage_config();
    config.threads = threads;
    auto result = transforms::reconcile_linked({}, std::vector<const core::Record*>{}, census,
                                               {Field::DateOfBirth}, "QPM", config);
    REQUIRE(result);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& q : result->queries) {
      if (q.reason == core::QueryReason::DuplicateInCensus) {
        got.emplace_back(q.nhs_number, q.census_ref);
      }
    }
    CHECK(result->counts.census_duplicates == expected.size());
    CHECK(got == expected);
  }
}
