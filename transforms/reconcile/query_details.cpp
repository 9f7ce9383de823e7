#include "transforms/reconcile/query_details.hpp"

#include <string_view>
#include <unordered_map>

#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

bool has_subject(const core::QuerySubject& s) {
  return !s.local_id.empty() || !s.surname.empty() || !s.date_of_birth.empty() ||
         !s.admission_date.empty();
}

// The first of several ';'-joined refs (a census duplicate lists every row).
std::string_view first_ref(std::string_view refs) {
  return refs.substr(0, refs.find(';'));
}

}  // namespace

void complete_queries(std::vector<core::Query>& queries, const QueryRecords& records,
                      const std::string& commissioner) {
  // Looked up once per query; the first record under a reference wins, as before.
  std::unordered_map<std::string_view, const core::Record*> at_by_ref;
  // The references the keys view; reserved in full so that no key moves.
  std::vector<std::string> at_refs;
  at_refs.reserve(records.at.size() + records.at_without_nhs.size());
  for (const auto* p : records.at) {
    at_refs.push_back(join_refs(p->local_refs));
    at_by_ref.emplace(at_refs.back(), &p->record);
  }
  for (const auto* r : records.at_without_nhs) {
    at_refs.push_back(record_ref(*r));
    at_by_ref.emplace(at_refs.back(), r);
  }
  std::vector<std::string> census_refs;
  census_refs.reserve(records.census.size());
  std::unordered_map<std::string_view, const core::Record*> census_by_ref;
  for (const auto& c : records.census) {
    census_refs.push_back(record_ref(c));
    census_by_ref.emplace(census_refs.back(), &c);
  }
  for (auto& q : queries) {
    q.action = query_action(q.reason, q.owner, q.field, commissioner);
    if (has_subject(q.subject)) {
      continue;
    }
    if (auto it = at_by_ref.find(q.at_refs); !q.at_refs.empty() && it != at_by_ref.end()) {
      q.subject = subject_of(*it->second);
    } else if (auto c = census_by_ref.find(first_ref(q.census_ref));
               !q.census_ref.empty() && c != census_by_ref.end()) {
      q.subject = subject_of(*c->second);
    }
  }
}

void attach_subjects(std::vector<core::TrackedQuery>& open,
                     const std::vector<core::Query>& raised) {
  std::unordered_map<std::string_view, const core::QuerySubject*> by_id;
  for (const auto& q : raised) {
    by_id.emplace(q.id, &q.subject);
  }
  for (auto& t : open) {
    if (auto it = by_id.find(t.query.id); it != by_id.end()) {
      t.query.subject = *it->second;
    }
  }
}

}  // namespace atpipe::transforms
