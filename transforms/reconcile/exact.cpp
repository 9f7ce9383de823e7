#include "transforms/reconcile/exact.hpp"

#include "transforms/reconcile/refs.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace atpipe::transforms {
namespace {

using core::Field;

}  // namespace

ReconcileResult reconcile_exact(const std::vector<const MergedPatient*>& at,
                                const std::vector<core::Record>& census,
                                const std::vector<Field>& compare,
                                const std::string& commissioner) {
  ReconcileResult result;
  result.counts.at_inpatients = at.size();
  result.counts.census = census.size();

  std::map<std::string, std::vector<const core::Record*>> census_by_nhs;
  for (const auto& rec : census) {
    census_by_nhs[std::string(rec.get(Field::NhsNumber))].push_back(&rec);
  }
  for (const auto& [nhs, recs] : census_by_nhs) {
    if (recs.size() > 1) {
      ++result.counts.census_duplicates;
      Query q;
      q.reason = QueryReason::DuplicateInCensus;
      q.nhs_number = nhs;
      q.owner = provider_owner(*recs.front(), commissioner);
      std::vector<std::string> refs;
      for (const auto* r : recs) {
        refs.push_back(record_ref(*r));
      }
      q.census_ref = join_refs(refs);
      q.action = duplicate_action(q.owner);
      result.queries.push_back(std::move(q));
    }
  }

  std::map<std::string, bool> at_seen;
  for (const auto* patient : at) {
    const auto& rec = patient->record;
    const std::string nhs(rec.get(Field::NhsNumber));
    at_seen[nhs] = true;
    auto it = census_by_nhs.find(nhs);
    if (it == census_by_nhs.end()) {
      ++result.counts.at_only;
      Query q;
      q.reason = QueryReason::AtOnly;
      q.nhs_number = nhs;
      q.owner = provider_owner(rec, commissioner);
      q.at_refs = join_refs(patient->local_refs);
      q.action = at_only_action(q.owner);
      result.queries.push_back(std::move(q));
      continue;
    }
    ++result.counts.matched;
    const core::Record& other = *it->second.front();
    Link link;
    link.at_source = rec.where.source;
    link.at_local_id = rec.get(Field::LocalId);
    link.at_records = join_refs(patient->local_refs);
    link.census_source = other.where.source;
    link.census_local_id = other.has(Field::LocalId) ? other.get(Field::LocalId)
                                                     : "row " + std::to_string(other.where.row);
    link.method = "exact";
    link.status = "match";
    result.links.push_back(std::move(link));
    bool differs = false;
    for (Field f : compare) {
      const auto& a = rec.get(f);
      const auto& b = other.get(f);
      if (a.empty() || b.empty() || a == b) {
        continue;
      }
      differs = true;
      Query q;
      q.reason = QueryReason::Discrepancy;
      q.nhs_number = nhs;
      q.field = std::string(core::field_info(f).name);
      q.value_returned = a;
      q.returned_from = patient->local_refs[patient->field_origin[static_cast<std::size_t>(f)]];
      q.other_value = b;
      q.other_from = record_ref(other);
      q.owner = provider_owner(rec, commissioner);
      q.at_refs = join_refs(patient->local_refs);
      q.census_ref = record_ref(other);
      q.action = discrepancy_action(q.field, q.owner);
      result.queries.push_back(std::move(q));
    }
    if (differs) {
      ++result.counts.matched_with_discrepancies;
    }
  }

  for (const auto& [nhs, recs] : census_by_nhs) {
    if (at_seen.count(nhs) != 0) {
      continue;
    }
    ++result.counts.census_only;
    Query q;
    q.reason = QueryReason::CensusOnly;
    q.nhs_number = nhs;
    q.owner = commissioner + " (commissioner)";
    q.census_ref = record_ref(*recs.front());
    q.action = census_only_action(commissioner);
    result.queries.push_back(std::move(q));
  }

  for (auto& q : result.queries) {
    q.id = make_query_id(q.reason, q.nhs_number, q.field);
  }
  std::sort(result.queries.begin(), result.queries.end(), [](const Query& a, const Query& b) {
    return std::tie(a.reason, a.nhs_number, a.field) < std::tie(b.reason, b.nhs_number, b.field);
  });
  return result;
}

}  // namespace atpipe::transforms
