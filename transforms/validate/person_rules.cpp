// Stage 3 (validate_person): the episodes of one NHS number compared with each other
// (at-spec §6.1 AT-R015, AT-R079, AT-R084, AT-R145). Each finding goes on the episode to fix.
#include "transforms/validate/rule_helpers.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;
using rule_detail::add;
using rule_detail::date_of;
using rule_detail::field_in;

// AT-R015: two undischarged episodes. The newest stays open; each older one is the record
// that should have been closed.
void check_open(std::span<Record* const> episodes) {
  const Record* newest = nullptr;
  for (const auto* e : episodes) {
    if (!e->has(Field::DischargeDate) &&
        (newest == nullptr ||
         date_of(*e, Field::AdmissionDate) >= date_of(*newest, Field::AdmissionDate))) {
      newest = e;
    }
  }
  for (auto* e : episodes) {
    if (!e->has(Field::DischargeDate) && e != newest) {
      add(*e, "AT-R015", Field::NhsNumber);
    }
  }
}

// AT-R079: a readmission needs a discharge from hospital (not a transfer to another bed) of
// the same person in the 365 days up to the admission. An earlier admission date the record
// gives itself (previous_admission_date) stands for a stay outside the extract whose end
// cannot be seen, and is taken as enough.
void check_readmission(Record& e, std::span<Record* const> episodes, const RuleContext& ctx) {
  if (e.get(Field::AdmissionType) != "READMIT_12M") {
    return;
  }
  auto admitted = date_of(e, Field::AdmissionDate);
  if (!admitted) {
    return;
  }
  auto previous = date_of(e, Field::PreviousAdmissionDate);
  if (previous && *previous < *admitted) {
    return;
  }
  auto from = rule_detail::add_days(*admitted, -365);
  for (const auto* other : episodes) {
    auto left = date_of(*other, Field::DischargeDate);
    if (other != &e && left && *left >= from && *left <= *admitted &&
        !field_in(*other, ctx, Field::DischargeDestination, "closure_transfer")) {
      return;
    }
  }
  add(e, "AT-R079", Field::AdmissionType);
}

// AT-R084 (at-spec §1.5): going on extended S17 leave closes the open record on the leave
// start with S17 = N, care plan 7 and a clinically ready date, and opens a copy with S17 = Y.
void check_leave(Record& e, std::span<Record* const> episodes, const RuleContext& ctx) {
  if (e.get(Field::S17ExtendedLeave) != "Y") {
    return;
  }
  auto start = date_of(e, Field::AdmissionDate);
  for (const auto* other : episodes) {
    if (other != &e && start && date_of(*other, Field::DischargeDate) == start &&
        other->get(Field::S17ExtendedLeave) == "N" &&
        field_in(*other, ctx, Field::CarePlanStatus, "care_plan_legal_restriction") &&
        other->has(Field::ClinicallyReadyDate)) {
      return;
    }
  }
  add(e, "AT-R084", Field::S17ExtendedLeave);
}

// AT-R145: nothing starts after a death; the closure reason is the suspect value.
void check_after_death(Record& e, std::span<Record* const> episodes, const RuleContext& ctx) {
  auto died = date_of(e, Field::DischargeDate);
  if (!died || !field_in(e, ctx, Field::DischargeDestination, "closure_died")) {
    return;
  }
  for (const auto* other : episodes) {
    auto admitted = date_of(*other, Field::AdmissionDate);
    if (other != &e && admitted && *admitted > *died) {
      add(e, "AT-R145", Field::DischargeDestination);
      return;
    }
  }
}

}  // namespace

void validate_person(std::span<Record* const> episodes, const RuleContext& ctx) {
  check_open(episodes);
  for (auto* e : episodes) {
    check_readmission(*e, episodes, ctx);
    check_leave(*e, episodes, ctx);
    check_after_death(*e, episodes, ctx);
  }
}

}  // namespace atpipe::transforms
