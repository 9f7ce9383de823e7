#include "transforms/reconcile/linked.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/nhs_number.hpp"
#include "transforms/linkage/linkage.hpp"
#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;

// "weight 14.20, probability 0.9731: surname exact +6.10; date_of_birth day/month swapped +1.92"
std::string evidence_of(const linkage::LinkageResult& result, const linkage::LinkedPair& pair) {
  char head[96];
  std::snprintf(head, sizeof head, "weight %.2f, probability %.4f", pair.weight, pair.probability);
  std::string out = head;
  std::string sep = ": ";
  for (const auto& c : result.explain(pair)) {
    char part[32];
    std::snprintf(part, sizeof part, " %+.2f", c.weight);
    out += sep + std::string(c.field) + " " + c.level + part;
    sep = "; ";
  }
  return out;
}

// The AT side of a pair: a merged patient, or a record without a usable NHS number.
struct AtSide {
  const core::Record* record = nullptr;
  std::string refs;
  const MergedPatient* patient = nullptr;
};

// Rejected rows whose valid NHS number an accepted row already holds are left out: the
// person is there already, and a second row would only make a duplicate to review.
std::vector<const core::Record*> not_held(const std::vector<const core::Record*>& rows,
                                          const std::set<std::string>& held) {
  std::vector<const core::Record*> out;
  for (const auto* r : rows) {
    const auto& nhs = r->get(Field::NhsNumber);
    if (!(core::check_nhs_number(nhs).valid() && held.count(nhs) > 0)) {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

core::Expected<ReconcileResult> reconcile_linked(
    const std::vector<const MergedPatient*>& at,
    const std::vector<const core::Record*>& at_without_nhs, const std::vector<core::Record>& census,
    const std::vector<Field>& compare, const std::string& commissioner,
    const linkage::LinkageConfig& config) {
  return reconcile_linked(at, RejectedForLinkage{at_without_nhs, {}}, census, compare, commissioner,
                          config);
}

core::Expected<ReconcileResult> reconcile_linked(const std::vector<const MergedPatient*>& at,
                                                 const RejectedForLinkage& rejected,
                                                 const std::vector<core::Record>& census,
                                                 const std::vector<Field>& compare,
                                                 const std::string& commissioner,
                                                 const linkage::LinkageConfig& config) {
  std::vector<AtSide> sides;
  std::vector<linkage::LinkInput> at_in;
  std::set<std::string> at_held;
  for (const auto* p : at) {
    sides.push_back({&p->record, join_refs(p->local_refs), p});
    at_in.push_back(linkage::link_input_of(p->record));
    at_held.insert(p->record.get(Field::NhsNumber));
  }
  for (const auto* r : not_held(rejected.at, at_held)) {
    sides.push_back({r, record_ref(*r), nullptr});
    at_in.push_back(linkage::link_input_of(*r));
  }
  // Accepted census rows first, so that an index below census.size() is an accepted one.
  std::vector<const core::Record*> census_rows;
  std::set<std::string> census_held;
  for (const auto& c : census) {
    census_rows.push_back(&c);
    census_held.insert(c.get(Field::NhsNumber));
  }
  for (const auto* r : not_held(rejected.census, census_held)) {
    census_rows.push_back(r);
  }
  std::vector<linkage::LinkInput> census_in;
  for (const auto* c : census_rows) {
    census_in.push_back(linkage::link_input_of(*c));
  }
  auto linked = linkage::link(at_in, census_in, config);
  if (!linked) {
    return core::fail(linked.error());
  }

  ReconcileResult result;
  result.linkage_fit = linkage::describe_fit(linked->model);
  result.counts.at_inpatients = at.size();
  result.counts.census = census.size();
  auto add = [&result](core::Query q, std::string id_key) {
    q.id = core::make_query_id(q.reason, q.nhs_number.empty() ? id_key : q.nhs_number, q.field);
    result.queries.push_back(std::move(q));
  };

  std::map<std::string, std::vector<const core::Record*>> census_by_nhs;
  for (const auto& c : census) {
    if (core::check_nhs_number(c.get(Field::NhsNumber)).valid()) {
      census_by_nhs[c.get(Field::NhsNumber)].push_back(&c);
    }
  }
  for (const auto& [nhs, recs] : census_by_nhs) {
    if (recs.size() < 2) {
      continue;
    }
    ++result.counts.census_duplicates;
    core::Query q;
    q.reason = core::QueryReason::DuplicateInCensus;
    q.nhs_number = nhs;
    q.owner = provider_owner(*recs.front(), commissioner);
    std::vector<std::string> refs;
    for (const auto* r : recs) {
      refs.push_back(record_ref(*r));
    }
    q.census_ref = join_refs(refs);
    q.action = duplicate_action(q.owner);
    add(std::move(q), "");
  }

  for (const auto& pair : linked->pairs) {
    const auto& side = sides[pair.at];
    const core::Record& a = *side.record;
    const core::Record& c = *census_rows[pair.census];
    const bool census_rejected = pair.census >= census.size();
    Link link;
    link.at_source = a.where.source;
    link.at_local_id = a.get(Field::LocalId);
    link.at_records = side.refs;
    link.census_source = c.where.source;
    link.census_local_id =
        c.has(Field::LocalId) ? c.get(Field::LocalId) : "row " + std::to_string(c.where.row);
    link.method = pair.method == linkage::LinkMethod::Exact ? "exact" : "probabilistic";
    link.status = pair.status == linkage::LinkStatus::Match ? "match" : "review";
    link.weight = pair.weight;
    link.probability = pair.probability;
    if (pair.method == linkage::LinkMethod::Probabilistic) {
      link.evidence = evidence_of(*linked, pair);
    }
    result.links.push_back(link);

    const auto& at_nhs = a.get(Field::NhsNumber);
    const auto& census_nhs = c.get(Field::NhsNumber);
    core::Query base;
    base.nhs_number = core::check_nhs_number(at_nhs).valid() ? at_nhs : "";
    base.owner = provider_owner(a, commissioner);
    base.at_refs = side.refs;
    base.census_ref = record_ref(c);
    if (pair.method == linkage::LinkMethod::Probabilistic) {
      base.evidence = evidence_of(*linked, pair);
    }
    // A row refused for an identifying value: the query names the value beside the link.
    auto refuse = [&](const core::Record& bad, const core::Record& partner, bool bad_is_at) {
      core::Query q = base;
      q.owner = bad_is_at ? base.owner : commissioner + " (commissioner)";
      for (auto& r : refused_value_queries(bad, partner, bad_is_at, q)) {
        add(std::move(r), base.at_refs + "|" + base.census_ref);
      }
    };
    if (side.patient == nullptr) {
      refuse(a, c, true);
    }
    if (census_rejected) {
      refuse(c, a, false);
    }
    if (pair.status == linkage::LinkStatus::Review) {
      ++result.counts.reviews;
      core::Query q = base;
      q.reason = core::QueryReason::PossibleMatch;
      q.action =
          "Compare the two records (see Evidence); if they are the same person, correct "
          "the identifiers in the source that is wrong";
      add(std::move(q), base.at_refs + "|" + base.census_ref);
      continue;
    }
    if (side.patient == nullptr) {
      result.counts.linked_without_nhs += core::check_nhs_number(at_nhs).valid() ? 0 : 1;
    } else {
      ++result.counts.matched;
      if (pair.method == linkage::LinkMethod::Probabilistic) {
        ++result.counts.matched_probabilistic;
      }
    }
    if (at_nhs != census_nhs) {
      core::Query q = base;
      q.reason = core::QueryReason::NhsNumber;
      q.field = "nhs_number";
      q.value_returned = at_nhs;
      q.returned_from = side.patient != nullptr ? base.at_refs : record_ref(a);
      q.other_value = census_nhs;
      q.other_from = record_ref(c);
      q.action =
          "Confirm the patient's NHS number (PDS) and correct the AT source or the "
          "census, whichever is wrong";
      add(std::move(q), base.at_refs + "|" + base.census_ref);
    }
    if (side.patient == nullptr) {
      continue;
    }
    bool differs = false;
    for (Field f : compare) {
      const auto& va = a.get(f);
      const auto& vc = c.get(f);
      if (va.empty() || vc.empty() || va == vc) {
        continue;
      }
      differs = true;
      core::Query q = base;
      q.reason = core::QueryReason::Discrepancy;
      q.field = std::string(core::field_info(f).name);
      q.value_returned = va;
      q.returned_from =
          side.patient->local_refs[side.patient->field_origin[static_cast<std::size_t>(f)]];
      q.other_value = vc;
      q.other_from = record_ref(c);
      q.action = discrepancy_action(q.field, q.owner);
      add(std::move(q), base.at_refs + "|" + base.census_ref);
    }
    if (differs) {
      ++result.counts.matched_with_discrepancies;
    }
  }

  for (auto index : linked->at_unmatched) {
    const auto& side = sides[index];
    core::Query q;
    q.owner = provider_owner(*side.record, commissioner);
    q.at_refs = side.refs;
    if (side.patient != nullptr) {
      ++result.counts.at_only;
      q.reason = core::QueryReason::AtOnly;
      q.nhs_number = side.record->get(Field::NhsNumber);
      q.action = at_only_action(q.owner);
    } else if (core::check_nhs_number(side.record->get(Field::NhsNumber)).valid()) {
      continue;  // rejected for another value, and on the rejects list for it
    } else {
      ++result.counts.no_nhs_number;
      q.reason = core::QueryReason::NoNhsNumber;
      q.action = "Find the patient's NHS number (PDS) and correct " + side.record->where.source +
                 "; the record is out of the return until then";
    }
    add(std::move(q), side.refs);
  }
  for (auto index : linked->census_unmatched) {
    if (index >= census.size()) {
      continue;  // a rejected census row: the rejects list has it
    }
    const auto& c = census[index];
    ++result.counts.census_only;
    core::Query q;
    q.reason = core::QueryReason::CensusOnly;
    q.nhs_number =
        core::check_nhs_number(c.get(Field::NhsNumber)).valid() ? c.get(Field::NhsNumber) : "";
    q.owner = commissioner + " (commissioner)";
    q.census_ref = record_ref(c);
    q.action = census_only_action(commissioner);
    add(std::move(q), q.census_ref);
  }

  std::sort(result.queries.begin(), result.queries.end(),
            [](const core::Query& x, const core::Query& y) {
              return std::tie(x.reason, x.nhs_number, x.field, x.id) <
                     std::tie(y.reason, y.nhs_number, y.field, y.id);
            });
  return result;
}

}  // namespace atpipe::transforms
