#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>

#include "transforms/merge/merge.hpp"
#include "transforms/merge/merge_order.hpp"

using namespace atpipe;
using core::Field;

namespace {

// The order merge_by_nhs_number must take records in, written the plain way: a stable sort
// comparing the strings.
bool by_precedence(const core::Record& a, const core::Record& b) {
  const auto& na = a.get(Field::NhsNumber);
  const auto& nb = b.get(Field::NhsNumber);
  if (na != nb) {
    return na < nb;
  }
  if (a.precedence != b.precedence) {
    return a.precedence < b.precedence;
  }
  if (a.where.source != b.where.source) {
    return a.where.source < b.where.source;
  }
  return a.where.row < b.where.row;
}

// NHS numbers that share prefixes, differ in length, pass the 16 bytes the keys pack, or hold
// bytes above 0x7F, so that a key compared wrongly would order them differently.
const std::vector<std::string> kNhsNumbers = {
    "9434765919",        "9434765918",
    "943476591",         "94347659190",
    "9434765919123456",  "94347659191234567",
    "94347659191234568", "9434765919123456\x80",
    "\xC3\xA9",          "1",
    "0000000000",
};
const std::vector<std::string> kSources = {"nhft", "la", "register", "Zeta", "nhft2"};

// With `unique_rows` no two records tie on every key, as in a real pull (a source's rows are
// numbered once).
std::vector<core::Record> random_records(std::mt19937& rng, std::size_t n, bool unique_rows) {
  std::vector<core::Record> out;
  auto pick = [&](std::size_t size) {
    return std::uniform_int_distribution<std::size_t>(0, size - 1)(rng);
  };
  const std::vector<std::string> dates = {"", "2026-01-05", "2026-03-01", "2026-10-06"};
  for (std::size_t i = 0; i < n; ++i) {
    core::Record r;
    r.set(Field::NhsNumber, kNhsNumbers[pick(kNhsNumbers.size())]);
    r.where.source = kSources[pick(kSources.size())];
    r.where.row = unique_rows ? i + 2 : 2 + pick(4);
    r.precedence = static_cast<int>(pick(3));
    r.set(Field::LocalId, r.where.source + std::to_string(i));
    r.set(Field::AdmissionDate, dates[pick(dates.size())]);
    r.set(Field::Surname, i % 2 == 0 ? "Brontë" : "BRONTË");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

TEST_CASE("the merge order equals a stable sort on the record strings", "[unit][merge]") {
  std::mt19937 rng(20261103);
  for (int round = 0; round < 20; ++round) {
    const auto records = random_records(rng, 200, false);
    std::vector<std::uint32_t> expected(records.size());
    std::iota(expected.begin(), expected.end(), 0U);
    std::stable_sort(expected.begin(), expected.end(), [&](std::uint32_t a, std::uint32_t b) {
      return by_precedence(records[a], records[b]);
    });
    std::vector<std::uint32_t> expected_starts;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (i == 0 || records[expected[i - 1]].get(Field::NhsNumber) !=
                        records[expected[i]].get(Field::NhsNumber)) {
        expected_starts.push_back(static_cast<std::uint32_t>(i));
      }
    }
    expected_starts.push_back(static_cast<std::uint32_t>(records.size()));

    const auto got = transforms::merge_detail::precedence_order(records);
    CHECK(got.order == expected);
    CHECK(got.person_starts == expected_starts);
  }
}

TEST_CASE("merge output does not depend on the order records arrive in", "[unit][merge]") {
  std::mt19937 rng(7);
  auto records = random_records(rng, 300, true);
  auto shuffled = records;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  const auto a = transforms::merge_by_nhs_number(records);
  const auto b = transforms::merge_by_nhs_number(shuffled);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].local_refs == b[i].local_refs);
    CHECK(a[i].field_origin == b[i].field_origin);
    CHECK(a[i].person == b[i].person);
    CHECK(a[i].episode == b[i].episode);
    CHECK(a[i].conflicts.size() == b[i].conflicts.size());
  }
}

TEST_CASE("a one-record episode keeps the record whole", "[unit][merge]") {
  // Two stays in one source: two episodes of one record each, built by moving the record in.
  core::Record first;
  first.set(Field::NhsNumber, "9434765919");
  first.set(Field::LocalId, "A1");
  first.set(Field::AdmissionDate, "2025-03-01");
  first.set(Field::DischargeDate, "2025-06-01");
  first.set(Field::WardSecurity, "1");
  first.where = {"nhft", "at.csv", 4, ""};
  first.precedence = 2;
  first.findings.push_back({"AT-R014", core::Severity::Warning, "nhs_number", "test range"});
  auto second = first;
  second.set(Field::LocalId, "A2");
  second.set(Field::AdmissionDate, "2026-10-06");
  second.set(Field::DischargeDate, "");
  second.where.row = 5;

  const auto merged = transforms::merge_by_nhs_number({second, first});
  REQUIRE(merged.size() == 2);
  const auto& p = merged[0];
  CHECK(p.record.get(Field::LocalId) == "A1");
  CHECK(p.record.get(Field::WardSecurity) == "1");
  CHECK(p.record.where.row == 4);
  CHECK(p.record.precedence == 2);
  CHECK(p.record.findings.empty());  // the row's findings are logged with the row
  CHECK(p.local_refs == std::vector<std::string>{"nhft:A1"});
  REQUIRE(p.origins.size() == 1);
  CHECK(p.origins[0].file == "at.csv");
  CHECK(p.field_origin[static_cast<std::size_t>(Field::WardSecurity)] == 0);
  CHECK(p.field_origin[static_cast<std::size_t>(Field::Surname)] ==
        transforms::MergedPatient::kNone);
  CHECK(&p.origin_of(Field::Surname) == &p.record.where);
  CHECK(merged[1].record.get(Field::LocalId) == "A2");
  CHECK(merged[1].episode == 1);
  CHECK(merged[1].person == p.person);
}
