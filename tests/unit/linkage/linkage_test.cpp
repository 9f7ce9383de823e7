#include <catch2/catch.hpp>

#include <algorithm>

#include "transforms/linkage/linkage.hpp"

using namespace atpipe::transforms::linkage;

namespace {

// The sketch's comparisons with fixed m and u, so that a handful of records scores the same
// on every run (EM needs thousands of pairs to say anything).
LinkageConfig fixed_config() {
  LinkageConfig c = default_linkage_config();
  c.estimate_by_em = false;
  c.prior = 0.01;
  c.threads = 2;
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> mu = {
      {{0.9, 0.05, 0.05}, {0.0001, 0.001, 0.9989}},
      {{0.85, 0.07, 0.04, 0.01, 0.01, 0.02}, {0.01, 0.01, 0.03, 0.0001, 0.001, 0.9489}},
      {{0.88, 0.07, 0.05}, {0.02, 0.02, 0.96}},
      {{0.9, 0.03, 0.03, 0.02, 0.01, 0.01}, {0.001, 0.0001, 0.002, 0.0002, 0.005, 0.9917}},
      {{0.7, 0.03, 0.1, 0.1, 0.07}, {0.0001, 0.0001, 0.001, 0.01, 0.9888}},
      {{0.98, 0.02}, {0.5, 0.5}},
  };
  for (std::size_t i = 0; i < c.comparisons.size(); ++i) {
    c.comparisons[i].m = mu[i].first;
    c.comparisons[i].u = mu[i].second;
  }
  return c;
}

const LinkedPair* pair_of_at(const LinkageResult& r, std::uint32_t at) {
  auto it =
      std::find_if(r.pairs.begin(), r.pairs.end(), [&](const LinkedPair& p) { return p.at == at; });
  return it == r.pairs.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("exact NHS number pairs are never overridden", "[unit][linkage]") {
  // AT 0 and census 0 share a valid number but nothing else; census 1 looks exactly like
  // AT 0 but has no number. Scoring must not move AT 0 to census 1.
  const std::vector<LinkInput> at = {
      {"9434765919", "SMITH", "JOHN", "1980-01-01", "NN1 5BD", "1"},
  };
  const std::vector<LinkInput> census = {
      {"943 476 5919", "JONES", "MARY", "1955-07-30", "LE1 1AA", "2"},
      {"", "SMITH", "JOHN", "1980-01-01", "NN1 5BD", "1"},
  };
  const auto result = link(at, census, fixed_config());
  REQUIRE(result.has_value());
  REQUIRE(result->pairs.size() == 1);
  const LinkedPair& p = result->pairs[0];
  CHECK(p.at == 0);
  CHECK(p.census == 0);
  CHECK(p.method == LinkMethod::Exact);
  CHECK(p.status == LinkStatus::Match);
  CHECK(p.probability == 1.0F);
  CHECK(p.weight < 0.0F);  // the other fields all disagree, and the pair says so
  CHECK(result->census_unmatched == std::vector<std::uint32_t>{1});
  CHECK(result->stats.exact_pairs == 1);
}

TEST_CASE("a record without an NHS number is linked probabilistically", "[unit][linkage]") {
  const std::vector<LinkInput> at = {
      {"", "O'NEILL", "SIOBHAN", "1990-05-17", "NN1 5BD", "2"},
      {"6541003238", "PATEL", "RAVI", "1975-11-02", "LE2 7QP", "1"},
  };
  const std::vector<LinkInput> census = {
      {"6541003238", "PATEL", "RAVI", "1975-11-02", "LE2 7QP", "1"},
      {"9434765919", "ONEILL", "SIOBHAN", "1990-17-09", "NN1 5BD", "2"},  // not a date, far off
      {"4010232137", "ONEIL", "SIOBHAN", "1990-05-17", "NN1 5BD", "2"},
  };
  const auto result = link(at, census, fixed_config());
  REQUIRE(result.has_value());
  const LinkedPair* p = pair_of_at(*result, 0);
  REQUIRE(p != nullptr);
  CHECK(p->method == LinkMethod::Probabilistic);
  CHECK(p->census == 2);
  CHECK(p->status == LinkStatus::Match);
  CHECK(p->probability >= 0.95F);
  // The explanation names each field's level and adds up to the weight.
  const auto why = result->explain(*p);
  REQUIRE(why.size() == 6);
  CHECK(why[0].field == "nhs_number");
  CHECK(why[0].level == "missing");
  CHECK(why[0].weight == 0.0);
  CHECK(why[1].field == "surname");
  CHECK(why[1].level == "jw>=0.92");
  CHECK(why[3].level == "exact");
  double sum = 0.0;
  for (std::size_t i = 0; i < why.size(); ++i) {
    sum += why[i].weight;
    CHECK(p->contributions[i] == Approx(why[i].weight).epsilon(1e-5));
  }
  CHECK(p->weight == Approx(sum).epsilon(1e-5));
  CHECK(pair_of_at(*result, 1)->method == LinkMethod::Exact);
  CHECK(result->census_unmatched == std::vector<std::uint32_t>{1});
}

TEST_CASE("a close second candidate sends the pair to review", "[unit][linkage]") {
  // Two census rows equally like the AT row: choosing one would be a guess.
  const std::vector<LinkInput> at = {
      {"", "SMITH", "JOHN", "1980-01-01", "NN1 5BD", "1"},
  };
  const std::vector<LinkInput> census = {
      {"", "SMITH", "JOHN", "1980-01-01", "NN1 5BD", "1"},
      {"", "SMITH", "JOHN", "1980-01-01", "NN1 5BD", ""},  // sex not recorded
      {"", "BROWN", "ALICE", "1961-04-09", "NN1 5BD", "2"},
  };
  auto config = fixed_config();
  const auto result = link(at, census, config);
  REQUIRE(result.has_value());
  REQUIRE(result->pairs.size() == 1);
  const LinkedPair& p = result->pairs[0];
  CHECK(p.census == 0);
  CHECK(p.status == LinkStatus::Review);
  CHECK(p.reason == ReviewReason::CloseRival);
  CHECK(p.rival_at == 0);
  CHECK(p.rival_census == 1);
  CHECK(p.rival_weight <= p.weight);
  CHECK(result->stats.reviews == 1);

  // With a margin narrower than the gap the stronger candidate is a clean match.
  config.close_margin = 0.5;
  const auto narrow = link(at, census, config);
  REQUIRE(narrow.has_value());
  CHECK(narrow->pairs[0].status == LinkStatus::Match);
}

TEST_CASE("assignment is one to one and a taken rival does not count", "[unit][linkage]") {
  // AT 1 is census 1's clear partner; census 1 is also a weaker candidate for AT 0.
  const std::vector<LinkInput> at = {
      {"", "TAYLOR", "EMMA", "2001-02-03", "B15 2TT", "2"},
      {"", "TAYLOR", "EMMA", "2001-02-03", "B15 2TU", "2"},
  };
  const std::vector<LinkInput> census = {
      {"", "TAYLOR", "EMMA", "2001-02-03", "B15 2TT", "2"},
      {"", "TAYLOR", "EMMA", "2001-02-03", "B15 2TU", "2"},
  };
  auto config = fixed_config();
  config.close_margin = 2.0;
  const auto result = link(at, census, config);
  REQUIRE(result.has_value());
  REQUIRE(result->pairs.size() == 2);
  CHECK(pair_of_at(*result, 0)->census == 0);
  CHECK(pair_of_at(*result, 1)->census == 1);
  CHECK(result->at_unmatched.empty());
  CHECK(result->census_unmatched.empty());
}

TEST_CASE("disagreeing valid NHS numbers are evidence, not a veto", "[unit][linkage]") {
  const std::vector<LinkInput> at = {
      {"9434765919", "KOWALSKI", "PIOTR", "1969-09-09", "NN3 6HP", "1"},
  };
  const std::vector<LinkInput> census = {
      {"9876544322", "KOWALSKI", "PIOTR", "1969-09-09", "NN3 6HP", "1"},
  };
  const auto result = link(at, census, fixed_config());
  REQUIRE(result.has_value());
  REQUIRE(result->pairs.size() == 1);
  const LinkedPair& p = result->pairs[0];
  CHECK(p.method == LinkMethod::Probabilistic);
  CHECK(level_at(p.levels, 0) == 2);
  CHECK(p.contributions[0] < 0.0F);
}

TEST_CASE("duplicate NHS numbers pair once and go to review", "[unit][linkage]") {
  const std::vector<LinkInput> at = {
      {"9434765919", "A", "B", "1980-01-01", "", ""},
  };
  const std::vector<LinkInput> census = {
      {"9434765919", "A", "B", "1980-01-01", "", ""},
      {"9434765919", "A", "B", "1980-01-01", "", ""},
  };
  const auto result = link(at, census, fixed_config());
  REQUIRE(result.has_value());
  REQUIRE(result->pairs.size() == 1);
  CHECK(result->pairs[0].status == LinkStatus::Review);
  CHECK(result->pairs[0].reason == ReviewReason::DuplicateNhsNumber);
  CHECK(result->census_unmatched == std::vector<std::uint32_t>{1});
  CHECK(result->stats.duplicate_nhs_records == 1);
}

TEST_CASE("blocking de-duplicates pairs and caps large blocks", "[unit][linkage]") {
  // Every record shares date of birth, district and sex: two rules meet each pair.
  std::vector<LinkInput> at(3, {"", "GREEN", "AL", "1970-01-01", "NN1 5BD", "1"});
  std::vector<LinkInput> census(4, {"", "GREEN", "AL", "1970-01-01", "NN1 5BD", "1"});
  auto config = fixed_config();
  const auto result = link(at, census, config);
  REQUIRE(result.has_value());
  CHECK(result->stats.blocking.candidate_pairs == 12);
  CHECK(result->stats.blocking.pairs_per_rule == std::vector<std::size_t>{12, 0, 0});

  config.max_block_pairs = 10;
  const auto capped = link(at, census, config);
  REQUIRE(capped.has_value());
  CHECK(capped->stats.blocking.blocks_capped == 3);
  CHECK(capped->stats.blocking.pairs_skipped == 36);
  CHECK(capped->pairs.empty());
  CHECK(capped->at_unmatched.size() == 3);
}

TEST_CASE("EM on a few thousand records links the obvious pairs", "[unit][linkage]") {
  // Unique people (forename, surname and date vary with i), half without NHS numbers.
  static const char* kSur[] = {"SMITH",   "JONES",  "TAYLOR",   "BROWN",  "WILLIAMS", "WILSON",
                               "JOHNSON", "DAVIES", "ROBINSON", "WRIGHT", "THOMPSON", "EVANS"};
  static const char* kFore[] = {"OLIVER", "AMELIA", "GEORGE", "ISLA", "HARRY", "AVA",  "NOAH",
                                "MIA",    "JACK",   "IVY",    "LEO",  "LILY",  "OSCAR"};
  std::vector<std::string> text;
  text.reserve(4000);
  std::vector<LinkInput> at;
  std::vector<LinkInput> census;
  for (int i = 0; i < 600; ++i) {
    text.push_back(std::to_string(1940 + i % 60) + "-" + (i % 12 < 9 ? "0" : "") +
                   std::to_string(i % 12 + 1) + "-" + std::to_string(10 + i % 17));
    const std::string_view dob = text.back();
    text.push_back("NN" + std::to_string(1 + i % 9) + " " + std::to_string(i % 7) + "AB");
    const std::string_view pc = text.back();
    const char* sur = kSur[i % 12];
    const char* fore = kFore[(i / 12) % 13];
    at.push_back({"", sur, fore, dob, pc, i % 2 == 0 ? "1" : "2"});
    census.push_back({"", sur, i % 5 == 0 ? "X" : fore, dob, pc, i % 2 == 0 ? "1" : "2"});
  }
  auto config = default_linkage_config();
  const auto result = link(at, census, config);
  REQUIRE(result.has_value());
  CHECK(result->model.em_iterations > 0);
  std::size_t right = 0;
  for (const auto& p : result->pairs) {
    right += p.at == p.census && p.status == LinkStatus::Match ? 1 : 0;
  }
  CHECK(right >= 590);
  CHECK(result->model.level_weight(1, 0) > 0.0);  // surname agreement counts for a match

  // The fit is reported: one EM session per blocking rule, each level's m and u.
  const auto& model = result->model;
  REQUIRE(model.em_sessions.size() == config.blocking.size());
  std::size_t iterations = 0;
  for (const auto& s : model.em_sessions) {
    CHECK(s.pairs > 0.0);
    CHECK(s.lambda > 0.0);
    iterations += s.iterations;
  }
  CHECK(iterations == model.em_iterations);
  CHECK(model.em_patterns == result->stats.distinct_patterns);
  CHECK(model.em_patterns > 0);
  const auto fit = describe_fit(model);
  REQUIRE(fit.size() == 1 + model.em_sessions.size() + model.specs.size());
  CHECK(fit[0].rfind(model.em_converged ? "EM converged" : "EM did not converge", 0) == 0);
  CHECK(fit[1].rfind("  blocking rule 1: ", 0) == 0);
  CHECK(fit.back().rfind("sex: exact m=", 0) == 0);
  CHECK(fit[1 + model.em_sessions.size() + 1].find("names swapped m=") != std::string::npos);
}

TEST_CASE("a config that cannot run is refused with a reason", "[unit][linkage]") {
  auto config = default_linkage_config();
  config.comparisons[1].levels = {0.8, 0.9};
  const auto result = link(std::vector<LinkInput>{}, std::vector<LinkInput>{}, config);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message() ==
        "reconcile: levels of surname must be descending similarities in (0, 1]");
  config = default_linkage_config();
  config.estimate_by_em = false;
  CHECK(check_linkage_config(config) ==
        std::string("fixed parameters need m and u for nhs_number"));
  CHECK(check_linkage_config(default_linkage_config()) == std::nullopt);
}
