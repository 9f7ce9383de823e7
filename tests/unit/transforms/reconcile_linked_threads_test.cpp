#include <catch2/catch.hpp>

#include <tuple>

#include "tests/support/test_nhs.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/reconcile/linked.hpp"
#include "transforms/reconcile/text_memo.hpp"

using namespace atpipe;
using core::Field;

namespace {

// 999 numbers with valid check digits, made by the test itself ("" when the check digit is 10).
std::string nhs_number(int n) {
  return testing::test_nhs_number(n);
}

core::Record person(const std::string& source, const std::string& id, const std::string& nhs,
                    int n) {
  const char* surnames[] = {"Adams", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green"};
  const char* forenames[] = {"Amy", "Ben", "Cara", "Dan", "Eve"};
  core::Record r;
  r.where.source = source;
  r.set(Field::LocalId, id);
  r.set(Field::NhsNumber, nhs);
  r.set(Field::Surname, surnames[n % 7]);
  r.set(Field::Forename, forenames[n % 5]);
  r.set(Field::DateOfBirth, "19" + std::to_string(50 + n % 40) + "-0" + std::to_string(1 + n % 9) +
                                "-1" + std::to_string(n % 10));
  r.set(Field::PostcodeHome, "NN" + std::to_string(1 + n % 9) + " 5BD");
  r.set(Field::GenderIdentity, n % 2 ? "1" : "2");
  r.set(Field::ProviderCode, n % 3 ? "RP1" : "RP2");
  return r;
}

// A crowd with every outcome: clean matches, matches that differ on a compared field, NHS
// numbers that disagree or are missing, census duplicates, and people on one side only.
struct Crowd {
  std::vector<transforms::MergedPatient> at;
  std::vector<core::Record> census;
};

Crowd crowd() {
  Crowd c;
  int made = 0;
  for (int i = 0; made < 151; ++i) {
    auto number = nhs_number(i * 7 + 3);
    if (number.empty()) {
      continue;
    }
    auto rec = person("nhft", "N" + std::to_string(made), made % 11 == 5 ? "" : number, made);
    auto on_ward = person("census", "W" + std::to_string(made), number, made);
    if (made % 4 == 1) {
      on_ward.set(Field::PostcodeHome, "LS1 4AP");  // a discrepancy
    }
    if (made % 13 != 7) {
      transforms::MergedPatient p;
      p.record = rec;
      p.origins = {rec.where};
      p.local_refs = {"nhft:" + std::string(rec.get(Field::LocalId))};
      p.field_origin.fill(0);
      c.at.push_back(p);
    }
    if (made % 17 != 3) {
      c.census.push_back(on_ward);
    }
    if (made % 29 == 2) {
      on_ward.set(Field::LocalId, "D" + std::to_string(made));
      c.census.push_back(on_ward);  // listed twice
    }
    ++made;
  }
  return c;
}

core::Expected<transforms::ReconcileResult> reconcile_with(const Crowd& c, unsigned threads) {
  std::vector<const transforms::MergedPatient*> at;
  for (const auto& p : c.at) {
    at.push_back(&p);
  }
  auto config = transforms::linkage::default_linkage_config();
  config.threads = threads;
  return transforms::reconcile_linked(at, std::vector<const core::Record*>{}, c.census,
                                      {Field::DateOfBirth, Field::PostcodeHome}, "QPM", config);
}

auto link_fields(const transforms::Link& l) {
  return std::tie(l.at_source, l.at_local_id, l.at_records, l.census_source, l.census_local_id,
                  l.method, l.status, l.weight, l.probability, l.evidence);
}

auto query_fields(const core::Query& q) {
  return std::tie(q.id, q.reason, q.owner, q.action, q.nhs_number, q.at_refs, q.census_ref, q.field,
                  q.value_returned, q.returned_from, q.other_value, q.other_from, q.evidence);
}

}  // namespace

TEST_CASE("reconciling linked pairs on two threads gives what one thread gives",
          "[unit][reconcile]") {
  const auto c = crowd();
  auto one = reconcile_with(c, 1);
  auto two = reconcile_with(c, 2);
  REQUIRE(one);
  REQUIRE(two);
  // The crowd raises every kind of query the pair loop and the unmatched lists make.
  CHECK(one->counts.matched_with_discrepancies > 0);
  CHECK(one->counts.census_duplicates > 0);
  CHECK(one->counts.at_only > 0);
  CHECK(one->counts.census_only > 0);
  CHECK(one->counts.matched_probabilistic > 0);
  REQUIRE(one->links.size() == two->links.size());
  CHECK(one->links.size() % 2 == 1);  // the halves are unequal
  for (std::size_t i = 0; i < one->links.size(); ++i) {
    CHECK(link_fields(one->links[i]) == link_fields(two->links[i]));
  }
  REQUIRE(one->queries.size() == two->queries.size());
  for (std::size_t i = 0; i < one->queries.size(); ++i) {
    CHECK(query_fields(one->queries[i]) == query_fields(two->queries[i]));
  }
  CHECK(one->counts.matched == two->counts.matched);
  CHECK(one->counts.matched_with_discrepancies == two->counts.matched_with_discrepancies);
  CHECK(one->counts.matched_probabilistic == two->counts.matched_probabilistic);
  CHECK(one->counts.reviews == two->counts.reviews);
  CHECK(one->counts.linked_without_nhs == two->counts.linked_without_nhs);
}

TEST_CASE("linked reconciliation lists its queries by reason, NHS number, field and id",
          "[unit][reconcile]") {
  auto result = reconcile_with(crowd(), 2);
  REQUIRE(result);
  REQUIRE(result->queries.size() > 20);
  CHECK(std::is_sorted(result->queries.begin(), result->queries.end(),
                       [](const core::Query& x, const core::Query& y) {
                         return std::tie(x.reason, x.nhs_number, x.field, x.id) <
                                std::tie(y.reason, y.nhs_number, y.field, y.id);
                       }));
  // Each discrepancy's action names its field and owner, however often the text is reused.
  for (const auto& q : result->queries) {
    if (q.reason == core::QueryReason::Discrepancy) {
      CHECK(q.action.find(q.field == "postcode_home" ? "PostcodeOfUsualAddress" : "DateOfBirth") !=
            std::string::npos);
    }
  }
}

TEST_CASE("a text memo makes each text once and stays right past its size", "[unit][reconcile]") {
  transforms::TextMemo memo;
  int made = 0;
  auto text = [&](int i) {
    return memo.get(0, std::to_string(i), "b", [&] {
      ++made;
      return "text " + std::to_string(i);
    });
  };
  CHECK(text(1) == "text 1");
  CHECK(text(1) == "text 1");
  CHECK(made == 1);
  CHECK(memo.get(1, "1", "b", [] { return std::string("other kind"); }) == "other kind");
  for (int i = 0; i < 100; ++i) {
    CHECK(text(i) == "text " + std::to_string(i));
  }
  CHECK(text(99) == "text 99");  // past kMaxKeys: made afresh, still right
  CHECK(made > static_cast<int>(transforms::TextMemo::kMaxKeys));
}
