#include <algorithm>
#include <catch2/catch.hpp>

#include "transforms/validate/rules.hpp"

using namespace atpipe;
using core::Field;

namespace {

bool has_rule(const core::Record& r, std::string_view id) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [&](const core::Finding& f) { return f.rule == id; });
}

// An inpatient at the cut with legal status 98 ("not applicable"): AT-R081 when the code is
// looked up in the right version's list.
core::Record inpatient(std::string version) {
  core::Record r;
  r.set(Field::SpecVersion, std::move(version));
  r.set(Field::AdmissionDate, "2020-01-06");
  r.set(Field::MhaLegalStatus, "98");
  return r;
}

}  // namespace

TEST_CASE("code checks use the record's version, or the cut's when the lists lack it",
          "[unit][rules]") {
  transforms::RuleContext ctx;
  ctx.today = core::parse_iso("2026-11-03").value();
  ctx.cut = core::parse_iso("2026-10-31").value();

  for (const auto* version : {"4", "3", "5", ""}) {
    CAPTURE(version);
    auto r = inpatient(version);
    transforms::validate_patient(r, ctx);
    CHECK(has_rule(r, "AT-R081"));
  }

  // Before v4 came in, a record without a version of its own is checked as v3.
  ctx.cut = core::parse_iso("2023-10-31").value();
  auto r = inpatient("");
  transforms::validate_patient(r, ctx);
  CHECK(has_rule(r, "AT-R081"));
  r = inpatient("");
  r.set(Field::MhaLegalStatus, "03");
  transforms::validate_patient(r, ctx);
  CHECK_FALSE(has_rule(r, "AT-R081"));
}

TEST_CASE("each rule id finds its row of the table", "[unit][rules]") {
  const auto rules = transforms::all_rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    CAPTURE(rules[i].id);
    const auto* first = &rules[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (rules[j].id == rules[i].id) {
        first = &rules[j];
        break;
      }
    }
    CHECK(&transforms::rule(rules[i].id) == first);
  }
}
