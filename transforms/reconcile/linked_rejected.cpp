#include "transforms/reconcile/linked_rejected.hpp"

#include <array>
#include <string_view>

#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

// Rules on identifying fields that leave the person recognisable: the value is unusable,
// not the record.
bool identifying_rule(const core::Finding& f) {
  static constexpr std::array<std::string_view, 4> kNhs = {"AT-R010", "AT-R011", "AT-R012",
                                                           "AT-R013"};
  for (auto id : kNhs) {
    if (f.rule == id) {
      return true;
    }
  }
  if (f.field == "date_of_birth") {
    return f.rule == "ATP-M001" || f.rule == "AT-R020" || f.rule == "AT-R023";
  }
  return f.field == "postcode_home" && f.rule == "AT-R031";
}

}  // namespace

bool rejected_only_for_identifying_values(const core::Record& rec) {
  bool any = false;
  for (const auto& f : rec.findings) {
    if (f.severity != core::Severity::Error) {
      continue;
    }
    if (!identifying_rule(f)) {
      return false;
    }
    any = true;
  }
  return any;
}

std::vector<core::Query> refused_value_queries(const core::Record& bad, const core::Record& partner,
                                               bool bad_is_at, const core::Query& base) {
  std::vector<core::Query> out;
  for (const auto& f : bad.findings) {
    // The NHS number has its own query (NHS_NUMBER) on every link that disagrees on it.
    if (f.severity != core::Severity::Error || !identifying_rule(f) || f.field == "nhs_number") {
      continue;
    }
    const auto field = core::field_by_name(f.field);
    core::Query q = base;
    q.reason = core::QueryReason::Discrepancy;
    q.field = f.field;
    const core::Record& at = bad_is_at ? bad : partner;
    const core::Record& census = bad_is_at ? partner : bad;
    q.value_returned = field ? at.get(*field) : "";
    q.returned_from = record_ref(at);
    q.other_value = field ? census.get(*field) : "";
    q.other_from = record_ref(census);
    q.action = f.field + " on " + record_ref(bad) + " was refused (" + f.rule +
               "), so the row is kept out of the " + (bad_is_at ? "return" : "census") +
               "; it was linked to " + record_ref(partner) +
               " by the other identifiers: correct it in " + bad.where.source;
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace atpipe::transforms
